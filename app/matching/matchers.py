"""Finding the organisation or contact a name refers to: exact, acronym, alias or fuzzy.

One matcher serves every place that must not create duplicates: the duplicate warning on
the organisation form, spreadsheet import and ingest. "P@SHA", "PASHA" and "Pakistan
Software Houses Association" all find the same record; "Dr Sohail Rajput" finds
"Dr. Muhammad Sohail Rajput".

A matcher asks a source for the few records that can match: the database's stored,
indexed keys (app.matching.index, what the app uses), or a list held in memory (tests
and one-off lists). The rules that decide between them are here, once, for both.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from rapidfuzz import fuzz, process

from app.matching.keys import (
    ACRONYM,
    ALIAS,
    NAME,
    ORGANISATION_STOPWORDS,
    normalise,
    person_key,
    sound_key,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

FUZZY_THRESHOLD = 88
ORGANISATION_GENERIC = ORGANISATION_STOPWORDS | {"association", "ministry", "department"}


class MatchKind(StrEnum):
    exact = "exact"
    acronym = "acronym"
    alias = "alias"
    fuzzy = "fuzzy"
    new = "new"


KIND_OF_KEY = {NAME: MatchKind.exact, ACRONYM: MatchKind.acronym, ALIAS: MatchKind.alias}


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


@dataclass(frozen=True)
class OrganisationEntry:
    id: int
    name: str
    acronym: str | None
    aliases: tuple[str, ...]


class OrganisationSource(Protocol):
    def known(self, key: str) -> tuple[str, int, str] | None:
        """(kind of key, id, name) of the organisation whose name, else acronym, else
        alias has this normalised form."""

    def near(self, key: str) -> list[tuple[int, str, str]]:
        """(id, name, normalised name) of every organisation whose name may be a close
        spelling of this one, in id order; may include others (they are scored)."""


class OrganisationList:
    """Organisations held in memory: every one is a candidate."""

    def __init__(self, entries: Iterable[OrganisationEntry]) -> None:
        self.entries = list(entries)
        self._keys = {
            NAME: {normalise(e.name): e for e in self.entries},
            ACRONYM: {normalise(e.acronym): e for e in self.entries if e.acronym},
            ALIAS: {normalise(a): e for e in self.entries for a in e.aliases},
        }

    def known(self, key: str) -> tuple[str, int, str] | None:
        for kind, table in self._keys.items():
            if entry := table.get(key):
                return kind, entry.id, entry.name
        return None

    def near(self, key: str) -> list[tuple[int, str, str]]:
        return [(e.id, e.name, normalise(e.name)) for e in self.entries]


class OrganisationMatcher:
    """Matches names against organisations: exact, acronym, alias, then close spelling."""

    def __init__(
        self, entries: Iterable[OrganisationEntry] = (), *, source: OrganisationSource | None = None
    ) -> None:
        self.source = source or OrganisationList(entries)

    @classmethod
    def from_database(cls, session: Session) -> OrganisationMatcher:
        from app.matching.index import OrganisationIndex

        return cls(source=OrganisationIndex(session))

    def match(self, name: str) -> Match:
        key = normalise(name)
        if not key:
            return NO_MATCH
        if known := self.source.known(key):
            kind, found_id, found_name = known
            return Match(KIND_OF_KEY[kind], found_id, found_name, 100)
        near = self.source.near(key)
        names = {i: name for i, name, _ in near}
        best = process.extractOne(
            key,
            {i: normalised for i, _, normalised in near},
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
        return Match(MatchKind.fuzzy, best[2], names[best[2]], round(best[1]))


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
    return not (shared - ORGANISATION_GENERIC)


@dataclass(frozen=True)
class ContactEntry:
    id: int
    full_name: str


class ContactSource(Protocol):
    def exact(self, key: str) -> tuple[int, str] | None:
        """(id, full name) of a person whose name without honorifics is this key."""

    def same_person(self, words: Sequence[str], limit: int) -> list[tuple[int, str]]:
        """Up to `limit` people `_same_person` says these words may name."""


class ContactList:
    """People held in memory: every one is compared."""

    def __init__(self, entries: Iterable[ContactEntry]) -> None:
        self.entries = list(entries)
        self._exact = {person_key(e.full_name): e for e in self.entries}

    def exact(self, key: str) -> tuple[int, str] | None:
        entry = self._exact.get(key)
        return (entry.id, entry.full_name) if entry else None

    def same_person(self, words: Sequence[str], limit: int) -> list[tuple[int, str]]:
        found = [
            (e.id, e.full_name)
            for e in self.entries
            if _same_person(words, person_key(e.full_name).split())
        ]
        return found[:limit]


class ContactMatcher:
    """Matches people's names ignoring honorifics; a fuzzy match needs the same surname
    and a shared given name, so two different people called Khan never merge."""

    def __init__(
        self, entries: Iterable[ContactEntry] = (), *, source: ContactSource | None = None
    ) -> None:
        self.source = source or ContactList(entries)

    @classmethod
    def from_database(cls, session: Session) -> ContactMatcher:
        from app.matching.index import ContactIndex

        return cls(source=ContactIndex(session))

    def match(self, name: str) -> Match:
        key = person_key(name)
        if not key:
            return NO_MATCH
        if exact := self.source.exact(key):
            return Match(MatchKind.exact, exact[0], exact[1], 100)
        # Only one person may fit: two (or more) is no match, so two are enough to ask for.
        candidates = self.source.same_person(key.split(), limit=2)
        if len(candidates) != 1:
            return NO_MATCH
        found_id, full_name = candidates[0]
        score = round(fuzz.token_set_ratio(key, person_key(full_name)))
        return Match(MatchKind.fuzzy, found_id, full_name, score)


def _same_person(a: Sequence[str], b: Sequence[str]) -> bool:
    """Same surname and a shared given name, each as spelt or transliterated differently
    ("Amir Hashmi" is "Amer Hashmi")."""
    if not a or not b or sound_key(a[-1]) != sound_key(b[-1]):
        return False
    given_a, given_b = {sound_key(w) for w in a[:-1]}, {sound_key(w) for w in b[:-1]}
    return bool(given_a & given_b) or len(a) == 1 or len(b) == 1
