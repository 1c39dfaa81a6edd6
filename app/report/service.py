"""Builds one engagement report object; the page and every file are rendered from it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.commitment.models import Pledge, PledgeStatus
from app.commitment.queries import pledge_stmt
from app.listing import count_rows
from app.meeting.models import Meeting
from app.meeting.queries import meeting_list_stmt
from app.organisation.models import Organisation
from app.report import queries
from app.report.filters import ReportFilters

PAGE_MEETINGS = 50
PAGE_ORGANISATIONS = 100


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class Report:
    filters: ReportFilters
    today: date
    meetings_total: int
    meetings_by_status: dict[str, int]
    per_month: list[tuple[str, int]]
    by_kind: list[tuple[str, int]]
    by_province: list[tuple[str, int]]
    pledges_by_status: dict[str, int]
    actions: dict[str, int]
    follow_ups: int
    engaged: list[tuple[Organisation, int]]
    not_engaged_total: int
    not_engaged: list[Organisation]
    meetings: list[Meeting]
    pledges: list[Pledge]
    undated_meetings: int

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
            ("Organisations engaged", len(self.engaged)),
            ("Organisations not engaged", self.not_engaged_total),
            ("Pledges made", self.pledges_total),
            ("Pledges fulfilled", self.pledges_by_status[PledgeStatus.fulfilled.value]),
            ("Fulfilment rate (%)", self.fulfilment_rate),
            ("Action items", self.actions["total"]),
            ("Action items done", self.actions["done"]),
            ("Completion rate (%)", self.completion_rate),
            ("Action items overdue", self.actions["overdue"]),
            ("Follow-ups planned", self.follow_ups),
        ]


def build_report(session: Session, filters: ReportFilters, today: date) -> Report:
    ids = queries.meeting_ids(filters)
    by_status = queries.meeting_counts(session, ids)
    not_engaged = queries.not_engaged_stmt(filters, ids)
    meetings = session.scalars(
        meeting_list_stmt()
        .where(Meeting.id.in_(ids))
        .order_by(None)
        .order_by(Meeting.date, Meeting.id)
        .limit(PAGE_MEETINGS)
    ).all()
    pledges = (
        session.scalars(
            pledge_stmt()
            .where(Pledge.meeting_id.in_(ids))
            .order_by(Pledge.status, Pledge.id)
            .limit(PAGE_MEETINGS)
        )
        .unique()
        .all()
    )
    return Report(
        filters=filters,
        today=today,
        meetings_total=sum(by_status.values()),
        meetings_by_status=by_status,
        per_month=queries.per_month(session, ids, filters),
        by_kind=queries.by_meeting_kind(session, ids),
        by_province=queries.by_province(session, ids),
        pledges_by_status=queries.pledge_counts(session, ids),
        actions=queries.action_counts(session, ids, today),
        follow_ups=queries.follow_up_count(session, ids),
        engaged=queries.engaged_organisations(session, ids),
        not_engaged_total=count_rows(session, not_engaged),
        not_engaged=list(session.scalars(not_engaged.limit(PAGE_ORGANISATIONS))),
        meetings=list(meetings),
        pledges=list(pledges),
        undated_meetings=queries.undated_count(session),
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
