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
        if best is None or _only_generic_words_shared(key, best[0]):
            return NO_MATCH
        entry = next(e for e in self.entries if e.id == best[2])
        return Match(MatchKind.fuzzy, entry.id, entry.name, round(best[1]))


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


def _same_person(a: Sequence[str], b: Sequence[str]) -> bool:
    if not a or not b or a[-1] != b[-1]:
        return False
    return bool(set(a[:-1]) & set(b[:-1])) or len(a) == 1 or len(b) == 1
