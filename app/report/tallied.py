"""The report's figures read from the kept tallies (app.tally) where they can be: the whole
months of the period come from a few hundred kept rows, the days before the first whole
month and after the last one from the records, and the two are added. A report filtered
by topic, lead or organisation is counted from the records alone (`split` says None):
the tallies are not kept by those.

Every figure is the same as app.report.queries gives from the records alone; a test
compares the two after random changes."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, literal_column, select, union_all
from sqlalchemy.orm import Session

from app.commitment.models import ActionStatus, PledgeStatus
from app.meeting.models import Participant, Side
from app.organisation.models import Organisation
from app.report import queries
from app.report.filters import ReportFilters
from app.tally.models import commitment_tally, engagement_tally, meeting_tally, open_action_tally
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
    rows: list[Any] = list(
        session.execute(
            select(t.c.status, t.c.kind, t.c.province, t.c.month, func.sum(t.c.meetings))
            .where(*_kept(t, cut, filters))
            .group_by(t.c.status, t.c.kind, t.c.province, t.c.month)
        )
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
    return {(item, status): n for item, status, n in session.execute(stmt)}


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
    kept = session.scalar(
        select(func.coalesce(func.sum(t.c.actions), 0)).where(
            *_kept(t, cut, filters), t.c.due_date < today
        )
    )
    return kept or 0


def _bodies_met(filters: ReportFilters, cut: Split) -> Any:
    """(organisation_id, meetings across the table) of every body that took part in the
    period's meetings on either side, or in a meeting with no date: those count as met."""
    t = engagement_tally
    across = case((t.c.counterpart == 1, t.c.meetings), else_=0)
    parts: list[Select[*tuple[Any, ...]]] = [
        select(t.c.organisation_id, across.label("across")).where(*_kept(t, cut, filters))
    ]
    not_ours = Participant.side != Side.ours.value
    for meetings, counted in (
        *((queries.meeting_ids(edge), True) for edge in cut.edges),
        (queries.meeting_ids(filters, undated=True), False),
    ):
        met_across = func.count(func.distinct(case((not_ours, Participant.meeting_id))))
        parts.append(
            select(
                Participant.organisation_id,
                (met_across if counted else literal_column("0")).label("across"),
            )
            .where(Participant.meeting_id.in_(meetings), Participant.organisation_id.is_not(None))
            .group_by(Participant.organisation_id)
        )
    every = union_all(*parts).subquery()
    return (
        select(every.c.organisation_id, func.sum(every.c.across).label("across"))
        .group_by(every.c.organisation_id)
        .cte("bodies_met")
        # Read by both parts of the statement, computed once (SQLite would otherwise
        # compute it for each).
        .prefix_with("MATERIALIZED")
    )


def engaged_and_not(
    session: Session, filters: ReportFilters, cut: Split, limit: int
) -> tuple[tuple[int, list[tuple[str, int]]], tuple[int, list[str]]]:
    """The bodies met most often, and the live bodies not met, each as (how many, the
    first `limit`), in one statement: the period's tally rows are read once for both
    (on PostgreSQL each read of a year's 13,000 rows, with its grouping, took 7 ms)."""
    met = _bodies_met(filters, cut)
    most = (
        select(
            Organisation.name, met.c.across.label("meetings"), func.count().over().label("total")
        )
        .join(met, met.c.organisation_id == Organisation.id)
        .where(met.c.across > 0)
        .order_by(met.c.across.desc(), Organisation.name)
        .limit(limit)
        .subquery()
    )
    least = (
        select(
            Organisation.name,
            literal_column("0").label("meetings"),
            func.count().over().label("total"),
        )
        .where(
            Organisation.archived_at.is_(None),
            Organisation.id.not_in(select(met.c.organisation_id)),
        )
        .order_by(Organisation.name)
        .limit(limit)
        .subquery()
    )
    # Each part sorted and cut to `limit` on its own (a top-N sort); their rows numbered
    # again, a hundred each, to come back in that order.
    both = union_all(
        *(
            select(
                literal_column(str(n)).label("part"),
                part.c.name,
                part.c.meetings,
                part.c.total,
                func.row_number().over(order_by=order).label("n"),
            )
            for n, part, order in (
                (1, most, (most.c.meetings.desc(), most.c.name)),
                (2, least, (least.c.name,)),
            )
        )
    ).subquery()
    rows = session.execute(
        select(both.c.part, both.c.name, both.c.meetings, both.c.total).order_by(
            both.c.part, both.c.n
        )
    ).all()
    met_most = [row for row in rows if row.part == 1]
    not_met = [row for row in rows if row.part == 2]
    return (
        (met_most[0].total if met_most else 0, [(r.name, int(r.meetings)) for r in met_most]),
        (not_met[0].total if not_met else 0, [row.name for row in not_met]),
    )
