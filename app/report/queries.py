"""The report's numbers, all from one filtered set of meetings, so the page, the PDF, the
spreadsheet and the CSV files always agree."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, distinct, func, select
from sqlalchemy.orm import Session

from app.commitment.models import (
    OPEN_ACTION_STATUSES,
    ActionItem,
    ActionStatus,
    FollowUp,
    Pledge,
    PledgeStatus,
)
from app.meeting.models import Meeting, Participant, Side, meeting_topic
from app.organisation.models import PROVINCE_LABELS, Organisation
from app.report.filters import ReportFilters


def meeting_ids(filters: ReportFilters) -> Select[tuple[int]]:
    stmt = select(Meeting.id).where(
        Meeting.archived_at.is_(None), Meeting.date >= filters.start, Meeting.date <= filters.end
    )
    if filters.meeting_kind:
        stmt = stmt.where(Meeting.kind == filters.meeting_kind)
    if filters.province:
        stmt = stmt.where(Meeting.province == filters.province)
    if filters.lead_id:
        stmt = stmt.where(Meeting.lead_id == filters.lead_id)
    if filters.topic_id:
        stmt = stmt.where(
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
        stmt = stmt.where(Meeting.id.in_(with_org))
    return stmt


def _month(session: Session, column: Any) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(column, "YYYY-MM")
    return func.strftime("%Y-%m", column)


def meeting_counts(session: Session, ids: Any) -> dict[str, int]:
    stmt = select(Meeting.status, func.count()).where(Meeting.id.in_(ids)).group_by(Meeting.status)
    return dict(session.execute(stmt).all())  # type: ignore[arg-type]


def per_month(session: Session, ids: Any, filters: ReportFilters) -> list[tuple[str, int]]:
    month = _month(session, Meeting.date)
    counts = dict(
        session.execute(
            select(month, func.count()).where(Meeting.id.in_(ids)).group_by(month)
        ).all()
    )
    series, cursor = [], filters.start.replace(day=1)
    while cursor <= filters.end and len(series) < 240:
        series.append((cursor.strftime("%b %y"), counts.get(cursor.strftime("%Y-%m"), 0)))
        cursor = (cursor + timedelta(days=32)).replace(day=1)
    return series


def by_meeting_kind(session: Session, ids: Any) -> list[tuple[str, int]]:
    from app.meeting.models import MeetingKind

    stmt = select(Meeting.kind, func.count()).where(Meeting.id.in_(ids)).group_by(Meeting.kind)
    return sorted(
        ((MeetingKind(k).label, n) for k, n in session.execute(stmt)), key=lambda r: -r[1]
    )


def by_province(session: Session, ids: Any) -> list[tuple[str, int]]:
    stmt = (
        select(Meeting.province, func.count()).where(Meeting.id.in_(ids)).group_by(Meeting.province)
    )
    rows = [
        (PROVINCE_LABELS.get(p, "Not recorded") if p else "Not recorded", n)  # type: ignore[call-overload]
        for p, n in session.execute(stmt)
    ]
    return sorted(rows, key=lambda r: -r[1])


def pledge_counts(session: Session, ids: Any) -> dict[str, int]:
    stmt = (
        select(Pledge.status, func.count())
        .where(Pledge.meeting_id.in_(ids), Pledge.archived_at.is_(None))
        .group_by(Pledge.status)
    )
    counts = dict(session.execute(stmt).all())
    return {s.value: counts.get(s.value, 0) for s in PledgeStatus}


def action_counts(session: Session, ids: Any, today: date) -> dict[str, int]:
    live = (ActionItem.meeting_id.in_(ids), ActionItem.archived_at.is_(None))
    total = session.scalar(select(func.count()).select_from(ActionItem).where(*live)) or 0
    done = (
        session.scalar(
            select(func.count())
            .select_from(ActionItem)
            .where(*live, ActionItem.status == ActionStatus.done.value)
        )
        or 0
    )
    overdue = (
        session.scalar(
            select(func.count())
            .select_from(ActionItem)
            .where(*live, ActionItem.status.in_(OPEN_ACTION_STATUSES), ActionItem.due_date < today)
        )
        or 0
    )
    return {"total": total, "done": done, "overdue": overdue}


def follow_up_count(session: Session, ids: Any) -> int:
    stmt = (
        select(func.count())
        .select_from(FollowUp)
        .where(FollowUp.meeting_id.in_(ids), FollowUp.archived_at.is_(None))
    )
    return session.scalar(stmt) or 0


def engaged_organisations(session: Session, ids: Any) -> list[tuple[Organisation, int]]:
    meetings = func.count(distinct(Participant.meeting_id))
    stmt = (
        select(Organisation, meetings)
        .join(Participant, Participant.organisation_id == Organisation.id)
        .where(Participant.meeting_id.in_(ids), Participant.side != Side.ours.value)
        .group_by(Organisation.id)
        .order_by(meetings.desc(), Organisation.name)
    )
    return [(org, n) for org, n in session.execute(stmt)]


def not_engaged_stmt(filters: ReportFilters, ids: Any) -> Select[tuple[Organisation]]:
    engaged = select(Participant.organisation_id).where(
        Participant.meeting_id.in_(ids), Participant.organisation_id.is_not(None)
    )
    stmt = select(Organisation).where(
        Organisation.archived_at.is_(None), Organisation.id.not_in(engaged)
    )
    if filters.organisation_kind:
        stmt = stmt.where(Organisation.kind == filters.organisation_kind)
    if filters.organisation_ids:
        stmt = stmt.where(Organisation.id.in_(filters.organisation_ids))
    return stmt.order_by(Organisation.name)


def undated_count(session: Session) -> int:
    stmt = (
        select(func.count())
        .select_from(Meeting)
        .where(Meeting.date.is_(None), Meeting.archived_at.is_(None))
    )
    return session.scalar(stmt) or 0
