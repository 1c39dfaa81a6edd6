"""Every SELECT for organisations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import Field
from sqlalchemy import Row, Select, func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from app.contact.models import Affiliation, Contact, display_name
from app.errors import NotFound
from app.filtering import QueryForm
from app.lines import LoadLines
from app.listing import fetch, parse_sort
from app.meeting import queries as meetings
from app.meeting.models import Meeting
from app.organisation.models import Organisation, OrganisationAlias, OrganisationKind, Province


class OrganisationFilters(QueryForm):
    """The organisation list's filter form."""

    q: str | None = Field(None, max_length=200)
    kind: OrganisationKind | None = None
    province: Province | None = None
    sort: str | None = Field(None, max_length=20)


ORGANISATION_SORTS = {
    "name": func.lower(Organisation.name),
    "kind": Organisation.kind,
    "province": Organisation.province,
    "created": Organisation.created_at,
}


def organisation_list_stmt(filters: OrganisationFilters) -> tuple[Select[Organisation], str]:
    stmt = select(Organisation).options(selectinload(Organisation.aliases))
    stmt = stmt.where(Organisation.archived_at.is_(None))
    if filters.kind:
        stmt = stmt.where(Organisation.kind == filters.kind)
    if filters.province:
        stmt = stmt.where(Organisation.province == filters.province)
    if filters.q:
        pattern = f"%{filters.q.strip().lower()}%"
        alias_match = select(OrganisationAlias.organisation_id).where(
            func.lower(OrganisationAlias.alias).like(pattern)
        )
        stmt = stmt.where(
            or_(
                func.lower(Organisation.name).like(pattern),
                func.lower(Organisation.acronym).like(pattern),
                Organisation.id.in_(alias_match),
            )
        )
    sort, order = parse_sort(filters.sort, ORGANISATION_SORTS, "name")
    return stmt.order_by(*order, Organisation.id), sort


def get_organisation(session: Session, organisation_id: int, *options: Any) -> Organisation:
    """The organisation, loaded with `options`; a clear "not found" when there is none."""
    stmt = select(Organisation).where(Organisation.id == organisation_id).options(*options)
    org = session.scalars(stmt).one_or_none()
    if org is None:
        raise NotFound(f"There is no organisation number {organisation_id}.")
    return org


def get_organisation_detail(session: Session, organisation_id: int) -> Organisation:
    return get_organisation(
        session,
        organisation_id,
        joinedload(Organisation.parent),
        selectinload(Organisation.children),
        selectinload(Organisation.aliases),
    )


@dataclass(frozen=True)
class PersonAt:
    """A person's title at a body, as pages list it: plain values. Building a busy body's
    60 affiliations with their contacts and bodies as objects was an eighth of its page."""

    contact_id: int
    name: str  # as pages name a person (app.contact.models.display_name)
    title: str
    organisation_id: int
    organisation: str  # the body's acronym, or its name
    start_date: date | None
    end_date: date | None


def affiliations_at(
    session: Session, organisation_id: int | Sequence[int], *, current: bool, limit: int = 100
) -> list[PersonAt]:
    """People with a title at the organisation (or any of several) now, or in the past,
    bounded for big bodies."""
    ids = [organisation_id] if isinstance(organisation_id, int) else list(organisation_id)
    stmt = _people_of(ids)
    if current:
        stmt = stmt.where(Affiliation.end_date.is_(None)).order_by(func.lower(Contact.full_name))
    else:
        stmt = stmt.where(Affiliation.end_date.is_not(None)).order_by(Affiliation.end_date.desc())
    return [_person_at(row) for row in session.execute(stmt.limit(limit))]


def _people_of(ids: list[int]) -> Select[*tuple[Any, ...]]:
    """The live people with a title at these bodies, as PersonAt reads them."""
    return (
        select(
            Contact.id,
            Contact.honorific,
            Contact.full_name,
            Affiliation.title,
            Affiliation.organisation_id,
            func.coalesce(Organisation.acronym, Organisation.name),
            Affiliation.start_date,
            Affiliation.end_date,
        )
        .select_from(Affiliation)
        .join(Contact, Contact.id == Affiliation.contact_id)
        .join(Organisation, Organisation.id == Affiliation.organisation_id)
        .where(
            Affiliation.organisation_id.in_(ids),
            Affiliation.archived_at.is_(None),
            Contact.archived_at.is_(None),
        )
    )


def _person_at(row: Row[*tuple[Any, ...]]) -> PersonAt:
    return PersonAt(row[0], display_name(row[1], row[2]), row[3], row[4], row[5], row[6], row[7])


@dataclass(frozen=True)
class PeopleAt:
    """A body's people as its page shows them: the first `shown` of those with a title
    there now, by name, and of those who left, most recent first; and how many of each."""

    current: list[PersonAt]
    past: list[PersonAt]
    here_now: int
    left: int


def people_at(session: Session, organisation_id: int, shown: int) -> PeopleAt:
    """One read of the body's live affiliations: three statements (the first people now,
    those who left, and how many of each) read the same rows three times, 10 ms of a busy
    body's page on PostgreSQL at `large` and 6 on SQLite. Those there now by name,
    regardless of case (the one recorded first when two names match), those who left by
    the day they left, most recent first, then by name."""
    current: list[tuple[tuple[str, int], PersonAt]] = []
    past: list[tuple[tuple[date, str], PersonAt]] = []
    for row in session.execute(_people_of([organisation_id])):
        person = _person_at(row)
        name = row[2].casefold()
        if person.end_date is None:
            current.append(((name, person.contact_id), person))
        else:
            past.append(((person.end_date, name), person))
    current.sort(key=lambda keyed: keyed[0])
    past.sort(key=lambda keyed: (-keyed[0][0].toordinal(), keyed[0][1]))
    return PeopleAt(
        current=[person for _, person in current[:shown]],
        past=[person for _, person in past[:shown]],
        here_now=len(current),
        left=len(past),
    )


def meetings_with_organisation(
    session: Session, organisation_id: int, limit: int = 50, *, lines: LoadLines | None = None
) -> Sequence[Any]:
    """The organisation's timeline: the newest `limit` meetings it or one of its people
    took part in. A busy body's are looked for among everyone's newest first
    (app.meeting.queries.busy_bodys_newest): reading all of the authority's own meetings
    to sort them took tens of milliseconds at `large` on both engines. Both ways give the
    same page (tests/organisation/test_timeline.py). As records, or as `lines` reads them."""
    found = meetings.busy_bodys_newest(
        session, organisation_id, select(Meeting), limit, lines=lines
    )
    if found is not None:
        return found
    return timeline_read_whole(session, organisation_id, limit, lines=lines)


def timeline_read_whole(
    session: Session, organisation_id: int, limit: int, *, lines: LoadLines | None = None
) -> list[Any]:
    """The body's newest `limit` meetings, from all of its meetings."""
    took_part = meetings.took_part(organisation_id)
    stmt = select(Meeting).where(Meeting.id.in_(took_part), Meeting.archived_at.is_(None))
    return fetch(session, meetings.newest_first(stmt), limit, lines=lines)


def recently_met_choices(
    session: Session, chosen: Sequence[int], limit: int = 300
) -> tuple[list[tuple[int, str]], bool]:
    """(id, name) of the live organisations met most recently, for a filter's choices
    (a list of thousands helps no one), plus any already chosen; and whether the list
    was cut short."""
    # The names come with the ids: asking again for 300 names by id cost more than the
    # list itself (5 ms on PostgreSQL, most of it sending 300 parameters).
    recent = (
        select(Organisation.id, Organisation.name)
        .where(Organisation.archived_at.is_(None))
        .order_by(Organisation.last_met_on.desc().nulls_last(), Organisation.id)
        .limit(limit + 1)
    )
    rows = session.execute(recent).all()
    cut = len(rows) > limit
    names: dict[int, str] = dict(rows[:limit])
    if missing := set(chosen) - names.keys():
        names.update(
            session.execute(
                select(Organisation.id, Organisation.name).where(Organisation.id.in_(missing))
            ).all()
        )
    return sorted(names.items(), key=lambda choice: (choice[1].casefold(), choice[0])), cut


def home_organisation_id(session: Session, name: str) -> int | None:
    """The authority itself (settings.home_organisation), by its name or acronym."""
    wanted = name.strip().lower()
    stmt = select(Organisation.id).where(
        Organisation.archived_at.is_(None),
        or_(func.lower(Organisation.name) == wanted, func.lower(Organisation.acronym) == wanted),
    )
    return session.scalars(stmt.order_by(Organisation.id)).first()


def with_departments(session: Session, organisation_id: int, depth: int = 4) -> list[int]:
    """The organisation and the bodies under it (its departments and offices, theirs in
    turn), a few levels down: a provincial government's briefing covers its IT board."""
    family, level = [organisation_id], [organisation_id]
    for _ in range(depth):
        level = list(
            session.scalars(
                select(Organisation.id).where(
                    Organisation.parent_id.in_(level), Organisation.archived_at.is_(None)
                )
            )
        )
        level = [i for i in level if i not in family]
        if not level:
            break
        family += level
    return family
