"""Finding the organisation or contact a name refers to: exact, acronym, alias or fuzzy.

One matcher serves every place that must not create duplicates: the duplicate warning on
the organisation form, spreadsheet import and ingest. "P@SHA", "PASHA" and "Pakistan
Software Houses Association" all find the same record; "Dr Sohail Rajput" finds
"Dr. Muhammad Sohail Rajput".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.contact.models import Contact
from app.organisation.models import Organisation

HONORIFICS = {"dr", "mr", "mrs", "ms", "miss", "engr", "prof", "professor", "syed", "sir", "hon"}
ORGANISATION_STOPWORDS = {"the", "of", "for", "and", "&", "pakistan"}
FUZZY_THRESHOLD = 88


class MatchKind(StrEnum):
    exact = "exact"
    acronym = "acronym"
    alias = "alias"
    fuzzy = "fuzzy"
    new = "new"


@dataclass(frozen=True)
class Match:
    kind: MatchKind
    id: int | None = None
    name: str | None = None
    score: int = 0

    @property
    def found(self) -> bool:
        return self.kind is not MatchKind.new


NO_MATCH = Match(MatchKind.new)


def normalise(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form: "P@SHA" → "pasha"."""
    text = unicodedata.normalize("NFKD", text).casefold()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("&", " and ").replace("@", "a")
    text = re.sub(r"[^\w\s]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def person_key(name: str) -> str:
    words = [w for w in normalise(name).split() if w not in HONORIFICS]
    return " ".join(words)


@dataclass(frozen=True)
class OrganisationEntry:
    id: int
    name: str
    acronym: str | None
    aliases: tuple[str, ...]


class OrganisationMatcher:
    """Matches names against a fixed list of organisations (load once, match many)."""

    def __init__(self, entries: Iterable[OrganisationEntry]) -> None:
        self.entries = list(entries)
        self._exact = {normalise(e.name): e for e in self.entries}
        self._acronym = {normalise(e.acronym): e for e in self.entries if e.acronym}
        self._alias = {normalise(a): e for e in self.entries for a in e.aliases}
        self._choices = {e.id: normalise(e.name) for e in self.entries}

    @classmethod
    def from_database(cls, session: Session) -> OrganisationMatcher:
        stmt = (
            select(Organisation)
            .where(Organisation.archived_at.is_(None))
            .options(selectinload(Organisation.aliases))
        )
        return cls(
            OrganisationEntry(o.id, o.name, o.acronym, tuple(a.alias for a in o.aliases))
            for o in session.scalars(stmt)
        )

    def match(self, name: str) -> Match:
        key = normalise(name)
        if not key:
            return NO_MATCH
        for table, kind in (
            (self._exact, MatchKind.exact),
            (self._acronym, MatchKind.acronym),
            (self._alias, MatchKind.alias),
        ):
            if entry := table.get(key):
                return Match(kind, entry.id, entry.name, 100)
        best = process.extractOne(
            key,
            self._choices,
            scorer=fuzz.token_set_ratio,
            processor=None,
            score_cutoff=FUZZY_THRESHOLD,
        )
        if (
            best is None
            or _only_generic_words_shared(key, best[0])
            or _different_tier(key, best[0])
        ):
            return NO_MATCH
        entry = next(e for e in self.entries if e.id == best[2])
        return Match(MatchKind.fuzzy, entry.id, entry.name, round(best[1]))


PROVINCE_WORDS = {
    "punjab", "sindh", "balochistan", "kp", "kpk", "khyber", "pakhtunkhwa", "gilgit",
    "baltistan", "ajk", "kashmir", "provincial",
}  # fmt: skip


def _different_tier(a: str, b: str) -> bool:
    """A provincial body and a federal one (or two provinces') never match by spelling:
    "Information Technology Department Punjab" is not the federal Ministry of IT."""
    pa, pb = set(a.split()) & PROVINCE_WORDS, set(b.split()) & PROVINCE_WORDS
    if pa != pb:
        return True
    kinds = {"ministry", "department", "division", "board", "authority", "commission"}
    ka, kb = set(a.split()) & kinds, set(b.split()) & kinds
    return bool(ka and kb and not ka & kb)


def _only_generic_words_shared(a: str, b: str) -> bool:
    shared = set(a.split()) & set(b.split())
    return not (shared - ORGANISATION_STOPWORDS - {"association", "ministry", "department"})


@dataclass(frozen=True)
class ContactEntry:
    id: int
    full_name: str


class ContactMatcher:
    """Matches people's names ignoring honorifics; a fuzzy match needs the same surname
    and a shared given name, so two different people called Khan never merge."""

    def __init__(self, entries: Iterable[ContactEntry]) -> None:
        self.entries = list(entries)
        self._exact = {person_key(e.full_name): e for e in self.entries}

    @classmethod
    def from_database(cls, session: Session) -> ContactMatcher:
        stmt = select(Contact.id, Contact.full_name).where(
            Contact.archived_at.is_(None), Contact.erased.is_(False)
        )
        return cls(ContactEntry(i, n) for i, n in session.execute(stmt))

    def match(self, name: str) -> Match:
        key = person_key(name)
        if not key:
            return NO_MATCH
        if entry := self._exact.get(key):
            return Match(MatchKind.exact, entry.id, entry.full_name, 100)
        words = key.split()
        candidates = [
            e for e in self.entries if _same_person(words, person_key(e.full_name).split())
        ]
        if len(candidates) != 1:
            return NO_MATCH
        entry = candidates[0]
        score = round(fuzz.token_set_ratio(key, person_key(entry.full_name)))
        return Match(MatchKind.fuzzy, entry.id, entry.full_name, score)


def sound_key(word: str) -> str:
    """A transliteration-blind form of a name: "Amir", "Amer" and "Ameer" → "amr";
    "Muhammad", "Mohammad", "Mohammed" → "mhmd"; "Hashmi"/"Hashmy" → "hshm"."""
    word = word.lower().replace("ph", "f").replace("w", "v").replace("q", "k")
    head, rest = word[:1], re.sub(r"[aeiouy]", "", word[1:])
    return re.sub(r"(.)\1+", r"\1", head + rest)


def _same_person(a: Sequence[str], b: Sequence[str]) -> bool:
    """Same surname and a shared given name, each as spelt or transliterated differently
    ("Amir Hashmi" is "Amer Hashmi")."""
    if not a or not b or sound_key(a[-1]) != sound_key(b[-1]):
        return False
    given_a, given_b = {sound_key(w) for w in a[:-1]}, {sound_key(w) for w in b[:-1]}
    return bool(given_a & given_b) or len(a) == 1 or len(b) == 1
