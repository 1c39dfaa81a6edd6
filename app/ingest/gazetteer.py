"""What ingest already knows before reading a text: organisations (names, acronyms,
aliases), people and their titles, and topics with their keywords. Held in memory here
(our own organisation only, for an empty install or evaluation); read from the database
for one text by app.ingest.stored, which loads only the records the text may name."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.contact.models import Affiliation
from app.matching import person_key


@dataclass(frozen=True)
class KnownOrganisation:
    name: str
    acronym: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class KnownPerson:
    name: str
    honorific: str | None = None


@dataclass(frozen=True)
class KnownTopic:
    slug: str
    name: str
    keywords: tuple[str, ...] = ()


@dataclass
class Gazetteer:
    home: KnownOrganisation
    # Every organisation whose name, alias or acronym the text may contain.
    organisations: list[KnownOrganisation] = field(default_factory=list)
    people: list[KnownPerson] = field(default_factory=list)
    topics: list[KnownTopic] = field(default_factory=list)

    @classmethod
    def empty(cls, home_name: str) -> Gazetteer:
        home = KnownOrganisation(home_name, initials(home_name))
        return cls(home=home, organisations=[home])

    def organisations_named(self, surface: str) -> list[KnownOrganisation]:
        """The organisations that may go by this name, alias or acronym, in the order
        to prefer them (the caller checks each): here, every one held."""
        return self.organisations

    def person(self, key: str) -> KnownPerson | None:
        """The known person whose name without honorifics is `key` (the last one held)."""
        return self._people_by_key.get(key)

    @cached_property
    def _people_by_key(self) -> dict[str, KnownPerson]:
        return {person_key(p.name): p for p in self.people}


def initials(name: str) -> str:
    """ "Special Technology Zones Authority" → "STZA"."""
    skip = {"of", "and", "for", "the", "&", "on", "in"}
    return "".join(w[0] for w in name.replace("–", " ").split() if w.lower() not in skip).upper()


def current_affiliations(session: Session, contact_ids: list[int]) -> dict[int, list[Affiliation]]:
    found: dict[int, list[Affiliation]] = {}
    stmt = (
        select(Affiliation)
        .where(Affiliation.contact_id.in_(contact_ids), Affiliation.archived_at.is_(None))
        .options(selectinload(Affiliation.organisation))
    )
    for affiliation in session.scalars(stmt):
        found.setdefault(affiliation.contact_id, []).append(affiliation)
    return found
