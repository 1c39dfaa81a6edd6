"""Every SELECT for meetings."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, Field, ValidationInfo, field_validator
from sqlalchemy import ColumnElement, Select, bindparam, exists, func, select
from sqlalchemy.orm import (
    QueryableAttribute,
    Session,
    aliased,
    defer,
    joinedload,
    raiseload,
    selectinload,
)
from sqlalchemy.orm.interfaces import LoaderOption

from app.aggregates import kept_count
from app.contact.models import Affiliation, Contact, display_name
from app.errors import NotFound
from app.filtering import QueryForm
from app.forms import TypedDate
from app.lines import LoadLines
from app.listing import PageOf, fetch, first_page_among, parse_sort
from app.meeting.lines import MeetingLine, meeting_lines
from app.meeting.models import (
    Meeting,
    MeetingKind,
    MeetingStatus,
    Participant,
    Presentation,
    Side,
    meeting_topic,
    title_held,
)
from app.organisation.models import Organisation, Province
from app.tally.models import body_meeting_tally, meeting_tally

AnySelect = TypeVar("AnySelect", bound=Select[*tuple[Any, ...]])


def newest_first(stmt: AnySelect) -> AnySelect:
    # Undated meetings (no date in the source) sort after dated ones on every engine.
    return stmt.order_by(Meeting.date.desc().nulls_last(), Meeting.id.desc())


def with_participants() -> list[LoaderOption]:
    return [
        selectinload(Meeting.participants).options(
            joinedload(Participant.contact),
            joinedload(Participant.organisation),
            joinedload(Participant.affiliation).joinedload(Affiliation.organisation),
        ),
    ]


@dataclass(frozen=True)
class NamedParticipant:
    """One who took part, as a printed list names them ("Name, Title · Body", or a body
    alone), as plain values."""

    person: str | None  # None when a body took part without a named person
    title: str | None
    body: str | None
    ours: bool


@cache
def _named_participants() -> Select[*tuple[Any, ...]]:
    """Built once: the columns of a fresh alias were adapted anew for every report."""
    title_body = aliased(Organisation)  # where the title was held, when another body
    return (
        select(
            Participant.meeting_id,
            Participant.side,
            Contact.honorific,
            Contact.full_name,
            Organisation.name,
            Affiliation.title,
            Affiliation.organisation_id,
            Participant.organisation_id,
            title_body.name,
        )
        .outerjoin(Contact, Contact.id == Participant.contact_id)
        .outerjoin(Organisation, Organisation.id == Participant.organisation_id)
        .outerjoin(Affiliation, Affiliation.id == Participant.affiliation_id)
        .outerjoin(title_body, title_body.id == Affiliation.organisation_id)
        .where(Participant.meeting_id.in_(bindparam("ids", expanding=True)))
        .order_by(Participant.meeting_id, Participant.position, Participant.id)
    )


def named_participants(
    session: Session, meeting_ids: Sequence[int]
) -> dict[int, list[NamedParticipant]]:
    """Who took part in each of the meetings, in the meeting's order, read as rows: a
    report's 50 meetings have a few hundred people, and an ORM object for each person,
    body and affiliation took longer than the rest of the report's list."""
    named: dict[int, list[NamedParticipant]] = {}
    for row in session.execute(_named_participants(), {"ids": list(meeting_ids)}):
        meeting_id, side, honorific, full_name, body, title, held_at, body_id, held_name = row
        held = None
        if title is not None:
            held = title_held(title, held_name if held_at != body_id else None)
        named.setdefault(meeting_id, []).append(
            NamedParticipant(
                person=display_name(honorific, full_name) if full_name is not None else None,
                title=held,
                body=body,
                ours=side == Side.ours.value,
            )
        )
    return named


LONG_TEXTS = (Meeting.summary, Meeting.minutes, Meeting.source_text)


def its_meeting(relationship: QueryableAttribute[Any]) -> LoaderOption:
    """A pledge's, action's or follow-up's meeting, joined as lists name it: the minutes
    and source text, often pages long, stay in the database until a page asks for them."""
    return joinedload(relationship).options(*(defer(text) for text in LONG_TEXTS))


def for_a_list() -> list[LoaderOption]:
    """What a list of meetings loads: the meetings' own short columns. Who took part comes
    from counterparts_of, as names; anything else a list reaches for raises instead of
    quietly querying row by row."""
    return [raiseload("*"), *(defer(text, raiseload=True) for text in LONG_TEXTS)]


def counterparts_of(session: Session, meeting_ids: Sequence[int]) -> dict[int, list[str]]:
    """The names of each meeting's counterpart organisations, in the meeting's order of
    participants: names only, since building every participant and organisation as objects
    was most of a list page's time."""
    rows = session.execute(
        select(Participant.meeting_id, Organisation.name)
        .join(Organisation, Organisation.id == Participant.organisation_id)
        .where(Participant.meeting_id.in_(meeting_ids), Participant.side == "counterpart")
        .order_by(Participant.meeting_id, Participant.position, Participant.id)
    )
    names: dict[int, list[str]] = {meeting_id: [] for meeting_id in meeting_ids}
    for meeting_id, name in rows:
        if name not in names[meeting_id]:
            names[meeting_id].append(name)
    return names


def meeting_list_stmt(*, include_archived: bool = False) -> Select[Meeting]:
    stmt = select(Meeting).options(*with_participants(), selectinload(Meeting.topics))
    if not include_archived:
        stmt = stmt.where(Meeting.archived_at.is_(None))
    return newest_first(stmt)


# The list's choice of every status but cancelled: the meetings the dashboard counts.
NOT_CANCELLED = "not_cancelled"


def _status_is(
    column: ColumnElement[str] | QueryableAttribute[str], status: str
) -> ColumnElement[bool]:
    if status == NOT_CANCELLED:
        return column != MeetingStatus.cancelled.value
    return column == str(status)  # a StrEnum member (the API) or its plain value (forms)


class MeetingFilters(QueryForm):
    """The meeting list's filter form."""

    kind: MeetingKind | None = None
    status: MeetingStatus | Literal["not_cancelled"] | None = None
    province: Province | None = None
    organisation: int | None = None
    topic: int | None = None
    since: TypedDate | None = None
    until: TypedDate | None = None
    sort: str | None = Field(None, max_length=20)

    @field_validator("until")
    @classmethod
    def _not_before_since(cls, until: date | None, info: ValidationInfo) -> date | None:
        # Said beside the field, as the report says it; the list then runs from "since".
        since = info.data.get("since")
        if until is not None and since is not None and until < since:
            raise ValueError("The period ends before it starts")
        return until


MEETING_SORTS = {"date": Meeting.date, "title": Meeting.title, "kind": Meeting.kind}


def filtered_meetings_stmt(filters: MeetingFilters) -> tuple[Select[Meeting], str]:
    stmt = select(Meeting).where(Meeting.archived_at.is_(None))
    stmt = stmt.options(*for_a_list())
    if filters.kind:
        stmt = stmt.where(Meeting.kind == filters.kind)
    if filters.status:
        stmt = stmt.where(_status_is(Meeting.status, filters.status))
    if filters.province:
        stmt = stmt.where(Meeting.province == filters.province)
    if filters.organisation:
        took_part = select(Participant.meeting_id).where(
            Participant.organisation_id == filters.organisation
        )
        stmt = stmt.where(Meeting.id.in_(took_part))
    if filters.topic:
        stmt = stmt.where(
            Meeting.id.in_(
                select(meeting_topic.c.meeting_id).where(meeting_topic.c.topic_id == filters.topic)
            )
        )
    if filters.since:
        stmt = stmt.where(Meeting.date >= filters.since)
    if filters.until:
        stmt = stmt.where(Meeting.date <= filters.until)
    sort, order = parse_sort(filters.sort, MEETING_SORTS, "-date")
    return stmt.order_by(*order, Meeting.id.desc()), sort


def kept_total(session: Session, kind: str | None, status: str | None, province: str | None) -> int:
    """How many live meetings there are of a kind, status and province (each None for
    any), summed from the meeting tally's few thousand rows: counting 100,000 meetings
    for the unfiltered list took 10 ms at `large` on PostgreSQL."""
    t = meeting_tally
    chosen = [
        column == str(value)  # a StrEnum member (the API) or its plain value (filter forms)
        for column, value in ((t.c.kind, kind), (t.c.province, province))
        if value is not None
    ]
    if status is not None:
        chosen.append(_status_is(t.c.status, status))
    return session.scalar(select(func.coalesce(func.sum(t.c.meetings), 0)).where(*chosen)) or 0


def kept_total_with(session: Session, organisation_id: int) -> int:
    """How many live meetings a body took part in, summed from its months in the body
    meeting tally (counting the authority's 100,000 meetings took 40 ms at `large`), and
    kept until a tally changes."""
    t = body_meeting_tally
    met = select(func.coalesce(func.sum(t.c.meetings), 0)).where(
        t.c.organisation_id == organisation_id
    )
    return kept_count(session, met)


TALLIED_FILTERS = {"kind", "status", "province"}
# The field that chooses a body's meetings: the filter form's, the API's.
BODY_FILTERS = {"organisation", "organisation_id"}


def _chosen(filters: BaseModel, choosing_nothing: set[str]) -> dict[str, Any]:
    """The fields of `filters` that are set, but those named in `choosing_nothing`
    (paging, sorting): so that a filter added later is never left out of a choice."""
    names = set(type(filters).model_fields) - choosing_nothing
    return {
        name: getattr(filters, name) for name in names if getattr(filters, name) not in (None, "")
    }


def _body_alone(chosen: dict[str, Any]) -> int | None:
    """The body chosen, when it is the only filter."""
    if len(chosen) == 1 and (name := next(iter(chosen))) in BODY_FILTERS:
        return int(chosen[name])
    return None


def total_of(
    session: Session, filters: BaseModel, choosing_nothing: set[str]
) -> Callable[[], int] | None:
    """For a list of live meetings filtered by kind, status or province alone, or by a
    body alone, its total from a tally (app.listing.paginate); None for any other filter."""
    chosen = _chosen(filters, choosing_nothing)
    if (body := _body_alone(chosen)) is not None:
        return lambda: kept_total_with(session, body)
    if not set(chosen) <= TALLIED_FILTERS:
        return None
    kind, status, province = (chosen.get(name) for name in ("kind", "status", "province"))
    return lambda: kept_total(session, kind, status, province)


# A busy body's meetings, newest first, are looked for among everyone's newest first.
EVERYONES_NEWEST = 2000
# Bodies that took part in at least this many live meetings are busy: 2 % of the 100,000
# at `large`, so about 40 among everyone's newest 2,000, enough for a page of 20.
BUSY = EVERYONES_NEWEST
NEWEST_FIRST = "-date"  # the meeting lists' default order, as their sort field names it


def took_part(organisation_id: int) -> Select[int]:
    """The meetings (ids) the body or one of its people took part in."""
    return select(Participant.meeting_id).where(Participant.organisation_id == organisation_id)


def is_busy(session: Session, organisation_id: int) -> bool:
    """From the body meeting tally, kept until a tally changes: counting up to 4,000 of
    its participants was a statement on every first view of a busy body's page."""
    return kept_total_with(session, organisation_id) >= BUSY


def among_everyones_newest(
    session: Session,
    organisation_id: int,
    stmt: Select[Any],
    limit: int,
    offset: int = 0,
    *,
    lines: LoadLines | None = None,
) -> list[Any] | None:
    """The body's live meetings, newest first, `limit` after `offset` with `stmt`'s loads,
    when everyone's newest hold that many of them; None when they hold fewer
    (app.listing.first_page_among). Everyone's newest are read in order from the index of
    live meetings (ix_meeting_live_date_partial on SQLite, ix_meeting_newest_first_pg)."""
    newest = (
        newest_first(select(Meeting.id, Meeting.date).where(Meeting.archived_at.is_(None)))
        .limit(EVERYONES_NEWEST)
        .subquery()
    )
    its = exists().where(
        Participant.organisation_id == organisation_id, Participant.meeting_id == newest.c.id
    )
    order = [newest.c.date.desc().nulls_last(), newest.c.id.desc()]
    return first_page_among(session, newest, its, order, stmt, limit, offset, lines=lines)


def busy_bodys_newest(
    session: Session,
    organisation_id: int,
    stmt: Select[Any],
    limit: int,
    offset: int = 0,
    *,
    lines: LoadLines | None = None,
) -> list[Any] | None:
    """A busy body's live meetings, newest first (`among_everyones_newest`); None when
    the body is not busy or everyone's newest hold too few of its meetings: the caller
    then reads the body's meetings whole."""
    if not is_busy(session, organisation_id):
        return None
    return among_everyones_newest(session, organisation_id, stmt, limit, offset, lines=lines)


def page_of(
    session: Session, filters: BaseModel, choosing_nothing: set[str], sort: str
) -> PageOf | None:
    """For a list of live meetings filtered by a body alone, newest first, its pages as a
    busy body's (`busy_bodys_newest`, through app.listing.paginate): reading all of the
    authority's 100,000 meetings to sort them took 44 ms at `large` on SQLite. None for
    any other list; a page further down than everyone's newest reach is read whole."""
    body = _body_alone(_chosen(filters, choosing_nothing))
    if body is None or sort != NEWEST_FIRST:
        return None

    def among_newest(stmt: Select[Any], limit: int, offset: int) -> list[Any] | None:
        if offset + limit > EVERYONES_NEWEST:
            return None
        return busy_bodys_newest(session, body, stmt, limit, offset)

    return among_newest


def recent_meetings(session: Session, limit: int = 10) -> list[MeetingLine]:
    """The newest live meetings, as the dashboard lists them (app.lines)."""
    stmt = select(Meeting).where(Meeting.archived_at.is_(None))
    return fetch(session, newest_first(stmt), limit, lines=meeting_lines)


def get_meeting_detail(session: Session, meeting_id: int) -> Meeting:
    stmt = (
        select(Meeting)
        .where(Meeting.id == meeting_id)
        .options(
            *with_participants(),
            selectinload(Meeting.presentations).options(
                joinedload(Presentation.presenter),
                joinedload(Presentation.organisation),
                joinedload(Presentation.topic),
            ),
            selectinload(Meeting.topics),
            joinedload(Meeting.lead),
        )
    )
    meeting = session.scalars(stmt).one_or_none()
    if meeting is None:
        raise NotFound(f"There is no meeting number {meeting_id}.")
    return meeting
