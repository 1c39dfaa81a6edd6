"""Builds one engagement report object; the page and every file are rendered from it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, defer

from app.aggregates import kept
from app.commitment.models import Pledge, PledgeStatus
from app.commitment.queries import pledge_stmt
from app.document.models import Document
from app.document.service import documents_where
from app.meeting.models import Meeting
from app.meeting.queries import LONG_TEXTS, NamedParticipant, named_participants
from app.organisation.models import Organisation
from app.report import queries, tallied
from app.report.filters import ReportFilters

PAGE_MEETINGS = 50
PAGE_ORGANISATIONS = 100


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class ReportFigures:
    """Everything the report counts: plain values, so they can be cached."""

    meetings_by_status: dict[str, int]
    per_month: list[tuple[date, int]]  # (first day of the month, meetings)
    by_kind: list[tuple[str, int]]
    by_province: list[tuple[str, int]]
    pledges_by_status: dict[str, int]
    actions: dict[str, int]
    follow_ups: int
    engaged_total: int
    engaged: list[tuple[str, int]]  # (name, meetings), the most met first
    not_engaged_total: int
    not_engaged: list[str]
    undated_total: int
    undated: list[tuple[int, str]]  # (meeting id, title)


@dataclass
class Report(ReportFigures):
    filters: ReportFilters
    today: date
    meetings: list[Meeting]
    people: dict[int, list[NamedParticipant]]  # who took part in each, by meeting id
    pledges: list[Pledge]
    documents: list[Document]

    @property
    def meetings_total(self) -> int:
        return sum(self.meetings_by_status.values())

    @property
    def months_by_year(self) -> list[tuple[int, list[tuple[str, int]]]]:
        """Meetings per month, one row of months a year, each month named ("Jan"): a
        chart a year can name every month where one long row could name only some."""
        years: dict[int, list[tuple[str, int]]] = {}
        for month, n in self.per_month:
            years.setdefault(month.year, []).append((f"{month:%b}", n))
        return list(years.items())

    @property
    def pledges_total(self) -> int:
        return sum(self.pledges_by_status.values())

    @property
    def pledge_status_items(self) -> list[tuple[str, int]]:
        return [(s.replace("_", " ").capitalize(), n) for s, n in self.pledges_by_status.items()]

    @property
    def fulfilment_rate(self) -> float | None:
        return _rate(self.pledges_by_status[PledgeStatus.fulfilled.value], self.pledges_total)

    @property
    def completion_rate(self) -> float | None:
        return _rate(self.actions["done"], self.actions["total"])

    @property
    def pledges_by_meeting(self) -> dict[int, list[Pledge]]:
        grouped: dict[int, list[Pledge]] = {}
        for pledge in self.pledges:
            grouped.setdefault(pledge.meeting_id, []).append(pledge)
        return grouped

    @property
    def more_meetings(self) -> int:
        return max(0, self.meetings_total - len(self.meetings))

    def summary_rows(self) -> list[tuple[str, Any]]:
        """The headline figures, in the order every format shows them."""
        return [
            ("Meetings", self.meetings_total),
            ("Meetings held", self.meetings_by_status.get("held", 0)),
            ("Organisations engaged", self.engaged_total),
            ("Organisations not engaged", self.not_engaged_total),
            ("Meetings without a date (in no period)", self.undated_total),
            ("Pledges made", self.pledges_total),
            ("Pledges fulfilled", self.pledges_by_status[PledgeStatus.fulfilled.value]),
            ("Fulfilment rate (%)", self.fulfilment_rate),
            ("Action items", self.actions["total"]),
            ("Action items done", self.actions["done"]),
            ("Completion rate (%)", self.completion_rate),
            ("Action items overdue", self.actions["overdue"]),
            ("Follow-ups planned", self.follow_ups),
        ]


def report_figures(session: Session, filters: ReportFilters, today: date) -> ReportFigures:
    """The figures from the kept tallies where they can answer (app.report.tallied), from
    the records otherwise."""
    cut = tallied.split(filters)
    if cut is None:
        return counted_figures(session, filters, today)
    pledges, actions, follow_ups = tallied.commitment_figures(session, filters, cut, today)
    return _figures(
        session,
        filters,
        tallied.breakdown(session, filters, cut),
        (pledges, actions, follow_ups),
        tallied.engaged(session, filters, cut, PAGE_ORGANISATIONS),
        tallied.not_engaged(session, filters, cut, PAGE_ORGANISATIONS),
    )


def counted_figures(session: Session, filters: ReportFilters, today: date) -> ReportFigures:
    """The figures counted from the records alone."""
    ids = queries.meeting_ids(filters)
    return _figures(
        session,
        filters,
        queries.meeting_breakdown(session, filters),
        (
            queries.pledge_counts(session, ids),
            queries.action_counts(session, ids, today),
            queries.follow_up_count(session, ids),
        ),
        queries.engaged_organisations(session, ids, PAGE_ORGANISATIONS),
        queries.not_engaged_organisations(session, filters, ids, PAGE_ORGANISATIONS),
    )


def _figures(
    session: Session,
    filters: ReportFilters,
    meetings: queries.MeetingBreakdown,
    commitments: tuple[dict[str, int], dict[str, int], int],
    engaged: tuple[int, list[tuple[str, int]]],
    not_engaged: tuple[int, list[str]],
) -> ReportFigures:
    undated_total, undated = queries.undated_meetings(session, filters, PAGE_ORGANISATIONS)
    pledges, actions, follow_ups = commitments
    return ReportFigures(
        meetings_by_status=meetings.by_status,
        per_month=meetings.per_month,
        by_kind=meetings.by_kind,
        by_province=meetings.by_province,
        pledges_by_status=pledges,
        actions=actions,
        follow_ups=follow_ups,
        engaged_total=engaged[0],
        engaged=engaged[1],
        not_engaged_total=not_engaged[0],
        not_engaged=not_engaged[1],
        undated_total=undated_total,
        undated=undated,
    )


def build_report(session: Session, filters: ReportFilters, today: date) -> Report:
    """The report: its figures (kept until the data changes, app.aggregates) and the first
    meetings of the period with their pledges."""

    def compute() -> ReportFigures:
        return report_figures(session, filters, today)

    figures = kept(session, ("report", filters, today), compute)
    # Nothing the report does not print: no minutes, summaries or source texts, no
    # topics (half the list's time at `large`), and who took part as plain names.
    meetings = list(
        session.scalars(
            select(Meeting)
            .options(*(defer(text) for text in LONG_TEXTS))
            .where(*queries.meeting_conditions(filters))
            .order_by(Meeting.date, Meeting.id)
            .limit(PAGE_MEETINGS)
        )
    )
    pledges = session.scalars(
        pledge_stmt()
        .where(Pledge.meeting_id.in_([m.id for m in meetings]))
        .order_by(Pledge.meeting_id, Pledge.id)
    ).unique()
    # Correlated, so the few documents are each checked against their meeting rather than
    # the period's every meeting gathered first (11 ms at `large` with no document at all).
    in_period = (
        select(Meeting.id)
        .where(Meeting.id == Document.meeting_id, *queries.meeting_conditions(filters))
        .exists()
    )
    return Report(
        **vars(figures),
        filters=filters,
        today=today,
        meetings=meetings,
        people=named_participants(session, [m.id for m in meetings]),
        pledges=list(pledges),
        documents=documents_where(session, in_period),
    )


def label_filters(session: Session, filters: ReportFilters) -> ReportFilters:
    """Attach readable names of the chosen organisations, topic and lead for the cover."""
    from app.account.models import User
    from app.topic.models import Topic

    labels: dict[str, str] = {}
    if filters.organisation_ids:
        names = session.scalars(
            select(Organisation.name)
            .where(Organisation.id.in_(filters.organisation_ids))
            .order_by(Organisation.name)
        )
        labels["Organisations"] = ", ".join(names)
    if filters.topic_id and (topic := session.get(Topic, filters.topic_id)):
        labels["Topic"] = topic.name
    if filters.lead_id and (lead := session.get(User, filters.lead_id)):
        labels["Our lead"] = lead.display_name
    if filters.meeting_kind:
        from app.meeting.models import MeetingKind

        labels["Meeting kind"] = MeetingKind(filters.meeting_kind).label
    filters.labels.update(labels)
    return filters
