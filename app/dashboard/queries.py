"""The home dashboard's figures, lists and chart series: each one aggregate query, so the
page costs the same at ten meetings or a hundred thousand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, distinct, func, select
from sqlalchemy.orm import Session

from app.commitment.models import (
    OPEN_ACTION_STATUSES,
    OPEN_PLEDGE_STATUSES,
    ActionItem,
    FollowUp,
    FollowUpStatus,
    Pledge,
    PledgeStatus,
)
from app.commitment.queries import action_stmt, follow_up_stmt, pledge_stmt
from app.commitment.registers import owed_condition
from app.db import without_its_index
from app.listing import fetch
from app.meeting.models import Meeting, MeetingStatus, Participant
from app.meeting.queries import for_a_list
from app.organisation.models import KIND_LABELS, PROVINCE_LABELS, Organisation, OrganisationKind


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def previous_quarter_start(day: date) -> date:
    start = quarter_start(day)
    return quarter_start(start - timedelta(days=1))


def _live_meetings() -> Select[int]:
    return select(func.count(Meeting.id)).where(
        Meeting.archived_at.is_(None), Meeting.status != MeetingStatus.cancelled.value
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


def figures(session: Session, today: date, home_id: int | None) -> Figures:
    this_q, last_q = quarter_start(today), previous_quarter_start(today)

    def in_range(start: date, end: date) -> Select[int]:
        return _live_meetings().where(Meeting.date >= start, Meeting.date < end)

    next_q = quarter_start(this_q + timedelta(days=95))
    open_pledges = select(func.count(Pledge.id)).where(
        Pledge.archived_at.is_(None), Pledge.status.in_(OPEN_PLEDGE_STATUSES)
    )
    return Figures(
        meetings_this_quarter=session.scalar(in_range(this_q, next_q)) or 0,
        meetings_last_quarter=session.scalar(in_range(last_q, this_q)) or 0,
        open_pledges=session.scalar(open_pledges) or 0,
        pledges_made_last_30_days=session.scalar(
            select(func.count(Pledge.id))
            .join(Pledge.meeting)
            .where(
                Pledge.archived_at.is_(None),
                Meeting.date >= today - timedelta(days=30),
                Meeting.date <= today,
            )
        )
        or 0,
        overdue_actions=session.scalar(
            select(func.count(ActionItem.id)).where(
                ActionItem.archived_at.is_(None),
                ActionItem.status.in_(OPEN_ACTION_STATUSES),
                ActionItem.due_date < today,
            )
        )
        or 0,
        overdue_pledges_by_us=_overdue_pledges(session, today, owed_condition("by_us", home_id)),
        overdue_pledges_to_us=_overdue_pledges(session, today, owed_condition("to_us", home_id)),
        overdue_follow_ups=session.scalar(
            select(func.count(FollowUp.id)).where(
                FollowUp.archived_at.is_(None),
                FollowUp.status == FollowUpStatus.due.value,
                FollowUp.due_date < today,
            )
        )
        or 0,
        follow_ups_next_7_days=session.scalar(
            select(func.count(FollowUp.id)).where(
                FollowUp.archived_at.is_(None),
                FollowUp.status == FollowUpStatus.due.value,
                FollowUp.due_date >= today,
                FollowUp.due_date <= today + timedelta(days=7),
            )
        )
        or 0,
    )


def _overdue_pledges(session: Session, today: date, owed: Any) -> int:
    stmt = select(func.count(Pledge.id)).where(
        Pledge.archived_at.is_(None),
        Pledge.status.in_(OPEN_PLEDGE_STATUSES),
        Pledge.due_date < today,
        owed,
    )
    return session.scalar(stmt) or 0


def upcoming_meetings(session: Session, today: date, limit: int = 8) -> list[Meeting]:
    stmt = (
        select(Meeting)
        .options(*for_a_list())
        .where(Meeting.archived_at.is_(None), Meeting.date >= today)
        .order_by(Meeting.date, Meeting.start_time.nulls_last(), Meeting.id)
    )
    return fetch(session, stmt, limit)


def overdue_pledges(session: Session, today: date, limit: int = 8) -> list[Pledge]:
    stmt = pledge_stmt().where(Pledge.status.in_(OPEN_PLEDGE_STATUSES), Pledge.due_date < today)
    return fetch(session, stmt.order_by(Pledge.due_date, Pledge.id), limit)


def overdue_actions(session: Session, today: date, limit: int = 8) -> list[ActionItem]:
    stmt = action_stmt().where(
        ActionItem.status.in_(OPEN_ACTION_STATUSES), ActionItem.due_date < today
    )
    return fetch(session, stmt, limit)


def overdue_follow_ups(session: Session, today: date, limit: int = 8) -> list[FollowUp]:
    stmt = follow_up_stmt().where(
        FollowUp.status == FollowUpStatus.due.value, FollowUp.due_date < today
    )
    return fetch(session, stmt, limit)


def _month(session: Session, column: Any) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(column, "YYYY-MM")
    return func.strftime("%Y-%m", column)


def meetings_per_month(session: Session, today: date, months: int = 12) -> list[tuple[str, int]]:
    first = date(today.year, today.month, 1)
    for _ in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    month = _month(session, Meeting.date)
    stmt = (
        _live_meetings()
        .add_columns(month.label("month"))
        .where(Meeting.date >= first, Meeting.date <= today)
        .group_by(month)
    )
    counts = {m: n for n, m in session.execute(stmt)}
    series, cursor = [], first
    for _ in range(months):
        key = cursor.strftime("%Y-%m")
        series.append((cursor.strftime("%b %y"), counts.get(key, 0)))
        cursor = (cursor + timedelta(days=32)).replace(day=1)
    return series


def meetings_by_kind_of_organisation(session: Session, since: date) -> list[tuple[str, int]]:
    # Grouped without the kind's index, so SQLite starts from the period's meetings rather
    # than from every organisation's every participant (260 ms against 60 at large).
    stmt = (
        select(Organisation.kind, func.count(distinct(Participant.meeting_id)))
        .join(Participant, Participant.organisation_id == Organisation.id)
        .join(Meeting, Meeting.id == Participant.meeting_id)
        .where(Meeting.archived_at.is_(None), Meeting.date >= since, Participant.side != "ours")
        .group_by(without_its_index(session, Organisation.kind))
        .order_by(func.count(distinct(Participant.meeting_id)).desc())
    )
    return [(KIND_LABELS[OrganisationKind(kind)], n) for kind, n in session.execute(stmt)]


def meetings_by_province(session: Session, since: date) -> list[tuple[str, int]]:
    stmt = (
        _live_meetings()
        .add_columns(Meeting.province)
        .where(Meeting.date >= since)
        .group_by(without_its_index(session, Meeting.province))
        .order_by(func.count(Meeting.id).desc())
    )
    return [
        (PROVINCE_LABELS.get(p, "Not recorded") if p else "Not recorded", n)
        for n, p in session.execute(stmt)
    ]


def pledges_by_status(session: Session) -> list[tuple[str, int]]:
    stmt = (
        select(Pledge.status, func.count(Pledge.id))
        .where(Pledge.archived_at.is_(None))
        .group_by(Pledge.status)
    )
    counts = dict(session.execute(stmt).all())
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
