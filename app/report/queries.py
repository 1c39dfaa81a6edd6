"""The report's numbers, all from one filtered set of meetings, so the page, the PDF, the
spreadsheet and the CSV files always agree."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, case, distinct, func, select, union
from sqlalchemy.orm import Session

from app.commitment.models import (
    ActionItem,
    ActionStatus,
    FollowUp,
    Pledge,
    PledgeStatus,
    action_is_open,
)
from app.meeting.models import Meeting, Participant, Side, meeting_topic
from app.organisation.models import PROVINCE_LABELS, Organisation
from app.report.filters import ReportFilters


def meeting_conditions(filters: ReportFilters, *, undated: bool = False) -> list[Any]:
    """The WHERE clauses choosing the report's meetings, usable directly on the meeting
    table (so its date index serves the period) or through meeting_ids(). With
    `undated`, the meetings that match every filter but have no date: an engagement all
    the same, shown in a section of their own, in no period."""
    conditions: list[Any] = [Meeting.archived_at.is_(None)]
    if undated:
        conditions.append(Meeting.date.is_(None))
    else:
        conditions += [Meeting.date >= filters.start, Meeting.date <= filters.end]
    if filters.meeting_kind:
        conditions.append(Meeting.kind == filters.meeting_kind)
    if filters.province:
        conditions.append(Meeting.province == filters.province)
    if filters.lead_id:
        conditions.append(Meeting.lead_id == filters.lead_id)
    if filters.topic_id:
        conditions.append(
            Meeting.id.in_(
                select(meeting_topic.c.meeting_id).where(
                    meeting_topic.c.topic_id == filters.topic_id
                )
            )
        )
    if filters.organisation_ids or filters.organisation_kind:
        with_org = select(Participant.meeting_id).join(
            Organisation, Organisation.id == Participant.organisation_id
        )
        if filters.organisation_ids:
            with_org = with_org.where(Organisation.id.in_(filters.organisation_ids))
        if filters.organisation_kind:
            with_org = with_org.where(Organisation.kind == filters.organisation_kind)
        conditions.append(Meeting.id.in_(with_org))
    return conditions


def meeting_ids(filters: ReportFilters, *, undated: bool = False) -> Select[int]:
    return select(Meeting.id).where(*meeting_conditions(filters, undated=undated))


def _month(session: Session, column: Any) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(column, "YYYY-MM")
    return func.strftime("%Y-%m", column)


@dataclass
class MeetingBreakdown:
    by_status: dict[str, int]
    per_month: list[tuple[date, int]]  # (first day of the month, meetings)
    by_kind: list[tuple[str, int]]
    by_province: list[tuple[str, int]]


def _descending(counts: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda r: (-r[1], r[0]))


def breakdown_rows(session: Session, filters: ReportFilters) -> list[Any]:
    """(status, kind, province, "YYYY-MM", meetings) for the period's meetings."""
    month = _month(session, Meeting.date)
    groups = (Meeting.status, Meeting.kind, Meeting.province, month)
    stmt = select(*groups, func.count()).where(*meeting_conditions(filters)).group_by(*groups)
    return list(session.execute(stmt))


def breakdown_from_rows(rows: Iterable[Any], filters: ReportFilters) -> MeetingBreakdown:
    """Meetings by status, month, kind and province, from breakdown_rows (or the kept
    tallies' rows of the same shape)."""
    from app.meeting.models import MeetingKind

    by_status: Counter[str] = Counter()
    by_month: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    by_province: Counter[str] = Counter()
    for status, kind, province, in_month, n in rows:
        by_status[status] += n
        by_month[in_month] += n
        by_kind[MeetingKind(kind).label] += n
        by_province[PROVINCE_LABELS.get(province) or "Not recorded"] += n
    series: list[tuple[date, int]] = []
    cursor = filters.start.replace(day=1)
    while cursor <= filters.end and len(series) < 240:
        series.append((cursor, by_month.get(cursor.strftime("%Y-%m"), 0)))
        cursor = (cursor + timedelta(days=32)).replace(day=1)
    return MeetingBreakdown(dict(by_status), series, _descending(by_kind), _descending(by_province))


def meeting_breakdown(session: Session, filters: ReportFilters) -> MeetingBreakdown:
    """Meetings by status, month, kind and province from one pass over the period."""
    return breakdown_from_rows(breakdown_rows(session, filters), filters)


def pledge_counts(session: Session, ids: Any) -> dict[str, int]:
    stmt = (
        select(Pledge.status, func.count())
        .where(Pledge.meeting_id.in_(ids), Pledge.archived_at.is_(None))
        .group_by(Pledge.status)
    )
    counts = dict(session.execute(stmt).all())
    return {s.value: counts.get(s.value, 0) for s in PledgeStatus}


def action_counts(session: Session, ids: Any, today: date) -> dict[str, int]:
    def counted(condition: Any) -> Any:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    overdue = action_is_open() & (ActionItem.due_date < today)
    total, done, late = session.execute(
        select(
            func.count(), counted(ActionItem.status == ActionStatus.done.value), counted(overdue)
        ).where(ActionItem.meeting_id.in_(ids), ActionItem.archived_at.is_(None))
    ).one()
    return {"total": total, "done": done, "overdue": late}


def follow_up_count(session: Session, ids: Any) -> int:
    stmt = (
        select(func.count())
        .select_from(FollowUp)
        .where(FollowUp.meeting_id.in_(ids), FollowUp.archived_at.is_(None))
    )
    return session.scalar(stmt) or 0


def meetings_per_body(session: Session, ids: Any) -> dict[int, int]:
    """How many of the meetings `ids` selects each body sat across the table in."""
    per_body = (
        select(Participant.organisation_id, func.count(distinct(Participant.meeting_id)))
        .where(
            Participant.meeting_id.in_(ids),
            Participant.side != Side.ours.value,
            Participant.organisation_id.is_not(None),
        )
        .group_by(Participant.organisation_id)
    )
    return {body: n for body, n in session.execute(per_body) if body is not None}


def engaged_organisations(
    session: Session, ids: Any, limit: int
) -> tuple[int, list[tuple[str, int]]]:
    """How many organisations sat across the table in the report's meetings, and the
    names and meeting counts of the `limit` met most often."""
    return most_met(session, meetings_per_body(session, ids), limit)


def most_met(
    session: Session, meetings: Mapping[int, int], limit: int
) -> tuple[int, list[tuple[str, int]]]:
    """From meetings counted by body id: how many bodies, and the names and meeting
    counts of the `limit` met most often (then by name). Only the bodies that can be
    among them (met as often as the last of them, or more) are read. Every body counted
    exists: a body with participants cannot be deleted."""
    ranked = sorted(meetings.values(), reverse=True)
    if not ranked:
        return 0, []
    floor = ranked[min(limit, len(ranked)) - 1]
    named = session.execute(
        select(Organisation.id, Organisation.name).where(
            Organisation.id.in_([body for body, n in meetings.items() if n >= floor])
        )
    )
    rows = sorted(
        ((name, meetings[body]) for body, name in named),
        key=lambda row: (-row[1], row[0].casefold(), row[0]),
    )
    return len(meetings), rows[:limit]


def not_engaged_organisations(
    session: Session, filters: ReportFilters, ids: Any, limit: int
) -> tuple[int, list[str]]:
    """How many live organisations (of the chosen kind, or among those chosen) took part
    in none of the report's meetings, and the first `limit` of their names. A body met
    in a meeting whose date is not given may have been met in the period: it is not
    called "not engaged"."""
    # Two selects in a union, not one with an OR of the two meeting lists: with the OR,
    # PostgreSQL walked all participants for each body (3 s at `large`; 60 ms this way).
    engaged = union(
        *(
            select(Participant.organisation_id).where(
                Participant.meeting_id.in_(meetings), Participant.organisation_id.is_not(None)
            )
            for meetings in (ids, meeting_ids(filters, undated=True))
        )
    )
    stmt = select(Organisation.name, func.count().over()).where(
        Organisation.archived_at.is_(None), Organisation.id.not_in(engaged)
    )
    if filters.organisation_kind:
        stmt = stmt.where(Organisation.kind == filters.organisation_kind)
    if filters.organisation_ids:
        stmt = stmt.where(Organisation.id.in_(filters.organisation_ids))
    rows = session.execute(stmt.order_by(Organisation.name).limit(limit)).all()
    return (rows[0][1] if rows else 0), [name for name, _ in rows]


def undated_meetings(
    session: Session, filters: ReportFilters, limit: int
) -> tuple[int, list[tuple[int, str]]]:
    """The meetings matching the filters whose source gives no date: how many, and the
    first `limit` (id, title), newest records first."""
    stmt = select(Meeting.id, Meeting.title, func.count().over()).where(
        *meeting_conditions(filters, undated=True)
    )
    rows = session.execute(stmt.order_by(Meeting.id.desc()).limit(limit)).all()
    return (rows[0][2] if rows else 0), [(id_, title) for id_, title, _ in rows]
