"""The home dashboard's figures, lists and chart series: each one aggregate query, so the
page costs the same at ten meetings or a hundred thousand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from app.aggregates import kept_rows
from app.commitment.lines import (
    ActionLine,
    FollowUpLine,
    PledgeLine,
    action_lines,
    follow_up_lines,
    pledge_lines,
)
from app.commitment.models import (
    OPEN_PLEDGE_STATUSES,
    ActionItem,
    FollowUp,
    FollowUpStatus,
    Pledge,
    PledgeStatus,
    action_is_open,
    pledge_is_open,
)
from app.commitment.queries import action_stmt, follow_up_stmt, pledge_stmt
from app.commitment.registers import owed_condition
from app.listing import fetch
from app.meeting.lines import MeetingLine, meeting_lines
from app.meeting.models import Meeting, MeetingStatus
from app.organisation.models import KIND_LABELS, PROVINCE_LABELS, Organisation, OrganisationKind
from app.tally.figures import kept_due, kept_overdue
from app.tally.models import (
    due_tally,
    maker_due_tally,
    meeting_tally,
    organisation_kind_tally,
    pledge_day_tally,
    status_tally,
)
from app.tally.upkeep import month_of


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_end(day: date) -> date:
    return quarter_start(quarter_start(day) + timedelta(days=95)) - timedelta(days=1)


def previous_quarter_start(day: date) -> date:
    start = quarter_start(day)
    return quarter_start(start - timedelta(days=1))


def _count(entity: Any, *conditions: Any) -> Select[int]:
    return select(func.count()).select_from(entity).where(*conditions)


def _live_meetings() -> Select[int]:
    return _count(
        Meeting, Meeting.archived_at.is_(None), Meeting.status != MeetingStatus.cancelled.value
    )


@dataclass(frozen=True)
class Figures:
    meetings_this_quarter: int
    meetings_last_quarter: int
    open_pledges: int
    pledges_made_last_30_days: int
    overdue_actions: int
    follow_ups_next_7_days: int
    overdue_pledges_by_us: int
    overdue_pledges_to_us: int
    overdue_follow_ups: int


def _kept_meetings(first: date, last: date) -> Select[int]:
    """Meetings not cancelled in the months from `first` to `last`'s, from the tally."""
    t = meeting_tally
    return select(func.coalesce(func.sum(t.c.meetings), 0)).where(
        t.c.month >= month_of(first),
        t.c.month <= month_of(last),
        t.c.status != MeetingStatus.cancelled.value,
    )


def _owed_before_this_month(maker_id: int | None, today: date) -> Select[int]:
    """Open pledges `maker_id` made that fell due in the months before this one, from the
    maker tally."""
    t = maker_due_tally
    return select(func.coalesce(func.sum(t.c.pledges), 0)).where(
        t.c.organisation_id == maker_id, t.c.month < month_of(today.replace(day=1))
    )


def _owed_this_month(maker_id: int | None, today: date) -> Select[int]:
    """Open pledges `maker_id` made that fell due this month before `today`, from its
    pledges. None made none (there is no home organisation in the database:
    owed_condition)."""
    return _overdue_pledges(today, owed_condition("by_us", maker_id)).where(
        Pledge.due_date >= today.replace(day=1)
    )


def pledge_counts(session: Session) -> dict[str, int]:
    """Pledges by status, from the status tally: for the figures and the chart, read once."""
    t = status_tally
    return dict(kept_rows(session, select(t.c.status, t.c.commitments).where(t.c.item == "pledge")))


def figures(session: Session, today: date, home_id: int | None, pledges: dict[str, int]) -> Figures:
    """The dashboard's figures: all but one read from the tallies alone, in one statement
    (each figure a subquery of its own: nine round trips to the database were most of
    their cost on PostgreSQL) kept until a tally changes; this month's overdue pledges
    we owe counted from the records."""
    this_q, last_q = quarter_start(today), previous_quarter_start(today)
    due = due_tally.c.due_date
    counts: dict[str, Select[Any]] = {
        "meetings_this_quarter": _kept_meetings(this_q, quarter_end(today)),
        "meetings_last_quarter": _kept_meetings(last_q, this_q - timedelta(days=1)),
        "pledges_made_last_30_days": _pledges_made_since(today),
        "overdue_actions": kept_overdue("action", today),
        # Every pledge has a maker: those to us are the overdue ones we did not make, so
        # only ours are counted apart, not all of them twice.
        "overdue_pledges": kept_overdue("pledge", today),
        "overdue_pledges_by_us": _owed_before_this_month(home_id, today),
        "overdue_follow_ups": kept_overdue("follow_up", today),
        "follow_ups_next_7_days": kept_due(
            "follow_up", due >= today, due <= today + timedelta(days=7)
        ),
    }
    (row,) = kept_rows(
        session, select(*(stmt.scalar_subquery().label(name) for name, stmt in counts.items()))
    )
    counted = {name: int(value or 0) for name, value in zip(counts, row, strict=True)}
    counted["overdue_pledges_by_us"] += session.scalar(_owed_this_month(home_id, today)) or 0
    overdue_pledges = counted.pop("overdue_pledges")
    return Figures(
        open_pledges=sum(pledges.get(s, 0) for s in OPEN_PLEDGE_STATUSES),
        overdue_pledges_to_us=overdue_pledges - counted["overdue_pledges_by_us"],
        **counted,
    )


def _pledges_made_since(today: date) -> Select[int]:
    """Unarchived pledges of the meetings of the last 30 days, from the pledge day tally."""
    first, t = today - timedelta(days=30), pledge_day_tally
    return select(func.coalesce(func.sum(t.c.pledges), 0)).where(
        t.c.month >= month_of(first),
        t.c.month <= month_of(today),
        t.c.day >= first,
        t.c.day <= today,
    )


def _overdue_pledges(today: date, owed: Any) -> Select[int]:
    return _count(
        Pledge, Pledge.archived_at.is_(None), pledge_is_open(), Pledge.due_date < today, owed
    )


# The dashboard's lists are lines (app.lines): the columns their tables show.
def upcoming_meetings(session: Session, today: date, limit: int = 8) -> list[MeetingLine]:
    stmt = (
        select(Meeting)
        .where(Meeting.archived_at.is_(None), Meeting.date >= today)
        .order_by(Meeting.date, Meeting.start_time.nulls_last(), Meeting.id)
    )
    return fetch(session, stmt, limit, lines=meeting_lines)


def overdue_pledges(session: Session, today: date, limit: int = 8) -> list[PledgeLine]:
    stmt = pledge_stmt().where(pledge_is_open(), Pledge.due_date < today)
    return fetch(session, stmt.order_by(Pledge.due_date, Pledge.id), limit, lines=pledge_lines)


def overdue_actions(session: Session, today: date, limit: int = 8) -> list[ActionLine]:
    stmt = action_stmt().where(action_is_open(), ActionItem.due_date < today)
    return fetch(session, stmt, limit, lines=action_lines)


def overdue_follow_ups(session: Session, today: date, limit: int = 8) -> list[FollowUpLine]:
    stmt = follow_up_stmt().where(
        FollowUp.status == FollowUpStatus.due.value, FollowUp.due_date < today
    )
    return fetch(session, stmt, limit, lines=follow_up_lines)


def twelve_months(today: date, months: int = 12) -> date:
    """The first day of the earliest of the last `months` calendar months."""
    first = date(today.year, today.month, 1)
    for _ in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    return first


def meetings_per_month(session: Session, today: date, months: int = 12) -> list[tuple[str, int]]:
    """Meetings not cancelled, month by month up to today: the months before this one from
    the tally, this one counted up to today (the tally holds the whole month)."""
    first, this_month = twelve_months(today, months), date(today.year, today.month, 1)
    counts: dict[str, int] = dict(
        kept_rows(
            session,
            select(meeting_tally.c.month, func.sum(meeting_tally.c.meetings))
            .where(
                meeting_tally.c.month >= month_of(first),
                meeting_tally.c.month < month_of(this_month),
                meeting_tally.c.status != MeetingStatus.cancelled.value,
            )
            .group_by(meeting_tally.c.month),
        )
    )
    counts[month_of(this_month)] = (
        session.scalar(_live_meetings().where(Meeting.date >= this_month, Meeting.date <= today))
        or 0
    )
    series, cursor = [], first
    for _ in range(months):
        series.append((cursor.strftime("%b %y"), counts.get(month_of(cursor), 0)))
        cursor = (cursor + timedelta(days=32)).replace(day=1)
    return series


def meetings_by_kind_of_organisation(session: Session, since: date) -> list[tuple[str, int]]:
    """Meetings from the month of `since` on, by kind of body across the table."""
    t = organisation_kind_tally
    meetings = func.sum(t.c.meetings)
    stmt = (
        select(t.c.organisation_kind, meetings)
        .where(t.c.month >= month_of(since))
        .group_by(t.c.organisation_kind)
        .order_by(meetings.desc(), t.c.organisation_kind)
    )
    return [(KIND_LABELS[OrganisationKind(kind)], n) for kind, n in kept_rows(session, stmt) if n]


def meetings_by_province(session: Session, since: date) -> list[tuple[str, int]]:
    """Meetings not cancelled from the month of `since` on, by province."""
    t = meeting_tally
    meetings = func.sum(t.c.meetings)
    stmt = (
        select(t.c.province, meetings)
        .where(t.c.month >= month_of(since), t.c.status != MeetingStatus.cancelled.value)
        .group_by(t.c.province)
        .order_by(meetings.desc(), t.c.province)
    )
    return [
        (PROVINCE_LABELS.get(p, "Not recorded") if p else "Not recorded", n)
        for p, n in kept_rows(session, stmt)
        if n
    ]


def pledges_by_status(counts: dict[str, int]) -> list[tuple[str, int]]:
    return [(s.value.replace("_", " ").capitalize(), counts.get(s.value, 0)) for s in PledgeStatus]


def stakeholder_points(session: Session, limit: int = 150) -> list[dict[str, Any]]:
    stmt = (
        select(
            Organisation.id,
            Organisation.name,
            Organisation.acronym,
            Organisation.influence,
            Organisation.interest,
            Organisation.stance,
        )
        .where(
            Organisation.archived_at.is_(None),
            Organisation.influence.is_not(None),
            Organisation.interest.is_not(None),
        )
        .order_by(Organisation.influence.desc(), Organisation.interest.desc(), Organisation.name)
        .limit(limit)
    )
    return [
        {
            "id": i,
            "label": acronym or name,
            "name": name,
            "influence": influence,
            "interest": interest,
            "stance": stance or "unknown",
        }
        for i, name, acronym, influence, interest, stance in session.execute(stmt)
    ]
