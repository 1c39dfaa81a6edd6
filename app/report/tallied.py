"""The report's figures read from the kept tallies (app.tally) where they can be: the whole
months of the period come from a few hundred kept rows (held in memory until a tally
changes: app.aggregates.kept_rows), the days before the first whole month and after the
last one from the records, and the two are added. A report filtered
by topic, lead or organisation is counted from the records alone (`split` says None):
the tallies are not kept by those.

Every figure is the same as app.report.queries gives from the records alone; a test
compares the two after random changes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select, union
from sqlalchemy.orm import Session

from app.aggregates import kept_rows
from app.commitment.models import ActionStatus, PledgeStatus
from app.meeting.models import Participant
from app.organisation.models import Organisation
from app.report import queries
from app.report.filters import ReportFilters
from app.tally.models import (
    body_meeting_tally,
    commitment_tally,
    engagement_tally,
    meeting_tally,
    open_action_tally,
)
from app.tally.upkeep import month_bounds, month_of


@dataclass(frozen=True)
class Split:
    first_month: str  # the period's first and last whole months, "YYYY-MM"
    last_month: str
    edges: tuple[ReportFilters, ...]  # the days outside them, counted from the records


def split(filters: ReportFilters) -> Split | None:
    """The period's whole months and the days around them; None when the tallies cannot
    answer (filters they are not kept by, or no whole month in the period)."""
    if filters.topic_id or filters.lead_id or filters.organisation_ids or filters.organisation_kind:
        return None
    start, end = filters.start, filters.end
    first = start if start.day == 1 else month_bounds(month_of(start))[1]
    after = end + timedelta(days=1)
    following = after if after.day == 1 else month_bounds(month_of(after))[0]
    if first >= following:
        return None
    edges = []
    if start < first:
        edges.append(replace(filters, start=start, end=first - timedelta(days=1)))
    if following <= end:
        edges.append(replace(filters, start=following, end=end))
    last = month_of(following - timedelta(days=1))
    return Split(month_of(first), last, tuple(edges))


def _kept(table: Any, cut: Split, filters: ReportFilters) -> list[ColumnElement[bool]]:
    conditions = [table.c.month >= cut.first_month, table.c.month <= cut.last_month]
    kind = table.c.kind if table is meeting_tally else table.c.meeting_kind
    if filters.meeting_kind:
        conditions.append(kind == filters.meeting_kind)
    if filters.province:
        conditions.append(table.c.province == filters.province)
    return conditions


def breakdown(session: Session, filters: ReportFilters, cut: Split) -> queries.MeetingBreakdown:
    t = meeting_tally
    rows: list[Any] = kept_rows(
        session,
        select(t.c.status, t.c.kind, t.c.province, t.c.month, func.sum(t.c.meetings))
        .where(*_kept(t, cut, filters))
        .group_by(t.c.status, t.c.kind, t.c.province, t.c.month),
    )
    for edge in cut.edges:
        rows += queries.breakdown_rows(session, edge)
    return queries.breakdown_from_rows(rows, filters)


def _commitments(
    session: Session, filters: ReportFilters, cut: Split
) -> dict[tuple[str, str], int]:
    t = commitment_tally
    stmt = (
        select(t.c.item, t.c.status, func.sum(t.c.commitments))
        .where(*_kept(t, cut, filters), t.c.meeting_live == 1)
        .group_by(t.c.item, t.c.status)
    )
    return {(item, status): n for item, status, n in kept_rows(session, stmt)}


def commitment_figures(
    session: Session, filters: ReportFilters, cut: Split, today: date
) -> tuple[dict[str, int], dict[str, int], int]:
    """Pledges by status, actions (total, done, overdue) and follow-ups."""
    kept = _commitments(session, filters, cut)
    pledges = {s.value: kept.get(("pledge", s.value), 0) for s in PledgeStatus}
    action_statuses = [k for k in kept if k[0] == "action"]
    actions = {
        "total": sum(kept[k] for k in action_statuses),
        "done": kept.get(("action", ActionStatus.done.value), 0),
        # Overdue moves with the calendar: open actions kept by due date, counted to today.
        "overdue": _overdue_actions(session, filters, cut, today),
    }
    follow_ups = sum(n for (item, _), n in kept.items() if item == "follow_up")
    for edge in cut.edges:
        ids = queries.meeting_ids(edge)
        for status, n in queries.pledge_counts(session, ids).items():
            pledges[status] += n
        edge_actions = queries.action_counts(session, ids, today)
        actions["total"] += edge_actions["total"]
        actions["done"] += edge_actions["done"]
        actions["overdue"] += edge_actions["overdue"]
        follow_ups += queries.follow_up_count(session, ids)
    return pledges, actions, follow_ups


def _overdue_actions(session: Session, filters: ReportFilters, cut: Split, today: date) -> int:
    t = open_action_tally
    ((kept,),) = kept_rows(
        session,
        select(func.coalesce(func.sum(t.c.actions), 0)).where(
            *_kept(t, cut, filters), t.c.due_date < today
        ),
    )
    return int(kept or 0)


def engaged(
    session: Session, filters: ReportFilters, cut: Split, limit: int
) -> tuple[int, list[tuple[str, int]]]:
    """How many bodies sat across the table in the period, and the `limit` met most
    often: meetings per body from the tally (kept until a tally changes), plus the edge
    days' from the records."""
    t = engagement_tally
    meetings: Counter[int] = Counter(
        dict(
            kept_rows(
                session,
                select(t.c.organisation_id, func.sum(t.c.meetings))
                .where(*_kept(t, cut, filters), t.c.counterpart == 1)
                .group_by(t.c.organisation_id),
            )
        )
    )
    for edge in cut.edges:
        meetings.update(queries.meetings_per_body(session, queries.meeting_ids(edge)))
    return queries.most_met(session, meetings, limit)


def _met_in_whole_months(filters: ReportFilters, cut: Split) -> Select[tuple[int]]:
    """The bodies met in the period's whole months, each as often as the tally has them:
    unless the meetings' kind or province is chosen, from the body meeting tally, which
    has each body once a month (a year at `large`: about half the rows)."""
    if filters.meeting_kind or filters.province:
        return select(engagement_tally.c.organisation_id).where(
            *_kept(engagement_tally, cut, filters)
        )
    t = body_meeting_tally
    return select(t.c.organisation_id).where(
        t.c.month >= cut.first_month, t.c.month <= cut.last_month
    )


def not_engaged(
    session: Session, filters: ReportFilters, cut: Split, limit: int
) -> tuple[int, list[str]]:
    met: list[Any] = [_met_in_whole_months(filters, cut)]
    undated = queries.meeting_ids(filters, undated=True)
    for meetings in (*(queries.meeting_ids(e) for e in cut.edges), undated):
        met.append(
            select(Participant.organisation_id).where(
                Participant.meeting_id.in_(meetings), Participant.organisation_id.is_not(None)
            )
        )
    stmt = select(Organisation.name, func.count().over()).where(
        Organisation.archived_at.is_(None), Organisation.id.not_in(union(*met))
    )
    rows = session.execute(stmt.order_by(Organisation.name).limit(limit)).all()
    return (rows[0][1] if rows else 0), [name for name, _ in rows]
