"""What ingest already knows before reading a text: organisations (names, acronyms,
aliases), people and their titles, and topics with their keywords, loaded from the
database once; or nothing but our own organisation, for an empty install or evaluation."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.contact.models import Affiliation, Contact
from app.organisation.models import Organisation
from app.topic.models import Topic


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
    organisations: list[KnownOrganisation] = field(default_factory=list)
    people: list[KnownPerson] = field(default_factory=list)
    topics: list[KnownTopic] = field(default_factory=list)

    @classmethod
    def empty(cls, home_name: str) -> Gazetteer:
        home = KnownOrganisation(home_name, initials(home_name))
        return cls(home=home, organisations=[home])

    @classmethod
    def from_database(cls, session: Session, home_name: str) -> Gazetteer:
        orgs = [
            KnownOrganisation(o.name, o.acronym, tuple(a.alias for a in o.aliases))
            for o in session.scalars(
                select(Organisation)
                .where(Organisation.archived_at.is_(None))
                .options(selectinload(Organisation.aliases))
            )
        ]
        home = next((o for o in orgs if o.name.casefold() == home_name.casefold()), None)
        if home is None:
            home = KnownOrganisation(home_name, initials(home_name))
            orgs.append(home)
        people = [
            KnownPerson(c.full_name, c.honorific)
            for c in session.scalars(
                select(Contact).where(Contact.archived_at.is_(None), Contact.erased.is_(False))
            )
        ]
        topics = [
            KnownTopic(t.slug, t.name, tuple(t.keywords or ()))
            for t in session.scalars(select(Topic).where(Topic.archived_at.is_(None)))
        ]
        return cls(home=home, organisations=orgs, people=people, topics=topics)


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
