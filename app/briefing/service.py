"""A briefing pack for staff preparing the next meeting with an organisation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from app.commitment import queries as commitments
from app.commitment.models import ActionItem, FollowUp, Pledge
from app.contact.models import Affiliation
from app.meeting.models import Meeting, Participant
from app.meeting.queries import newest_first
from app.organisation.health import RelationshipHealth, health_of
from app.organisation.models import Organisation
from app.organisation.queries import affiliations_at, get_organisation_detail, with_departments
from app.topic.models import Topic

RECENT_MEETINGS = 5
ROLE_CHANGE_WINDOW = timedelta(days=365)


@dataclass
class Briefing:
    organisation: Organisation
    today: date
    health: RelationshipHealth
    current: list[Affiliation]
    role_changes: list[Affiliation]
    meetings: list[Meeting]
    pledges: list[Pledge]
    actions: list[ActionItem]
    follow_ups: list[FollowUp]
    topics: list[Topic]
    family: list[int]  # the organisation and its departments and offices

    @property
    def agenda(self) -> list[str]:
        """Suggested agenda points, from what is overdue, most overdue first."""
        points: list[tuple[int, str]] = []
        last = self.meetings[0] if self.meetings else None
        for p in self.pledges:
            who = "their" if p.maker_organisation_id in self.family else "our"
            # Overdue means there is a due date; the second test says so to the type checker.
            if p.is_overdue(self.today) and p.due_date is not None:
                days = (self.today - p.due_date).days
                points.append(
                    (
                        days,
                        f"Chase {who} pledge: {p.text} (due {p.due_date:%-d %b %Y}, "
                        f"{days} days overdue)",
                    )
                )
            elif last is not None and p.meeting_id == last.id:
                points.append((-1, f"Progress on {who} pledge from the last meeting: {p.text}"))
        for a in self.actions:
            if a.is_overdue(self.today) and a.due_date is not None:
                days = (self.today - a.due_date).days
                points.append(
                    (days, f"Report on our overdue action: {a.text} ({days} days overdue)")
                )
        for f in self.follow_ups:
            if f.is_overdue(self.today):
                days = (self.today - f.due_date).days
                points.append((days, f"Close the overdue follow-up: {f.purpose}"))
        if self.health.state.value in ("overdue", "never"):
            points.append((0, "Agree a regular rhythm of meetings: contact is overdue."))
        return [text for _, text in sorted(points, key=lambda item: -item[0])]


def build_briefing(session: Session, organisation_id: int, today: date) -> Briefing:
    org = get_organisation_detail(session, organisation_id)
    family = with_departments(session, org.id)
    since = today - ROLE_CHANGE_WINDOW
    current = list(affiliations_at(session, family, current=True))
    past = list(affiliations_at(session, family, current=False, limit=50))
    changes = [
        a
        for a in current + past
        if (a.start_date and a.start_date >= since) or (a.end_date and a.end_date >= since)
    ]
    took_part = select(Participant.meeting_id).where(Participant.organisation_id.in_(family))
    meetings = session.scalars(
        newest_first(
            select(Meeting).where(Meeting.id.in_(took_part), Meeting.archived_at.is_(None))
        )
        .options(
            selectinload(Meeting.topics),
            selectinload(Meeting.participants).options(
                joinedload(Participant.contact), joinedload(Participant.affiliation)
            ),
        )
        .limit(RECENT_MEETINGS)
    ).all()
    pledges = list(commitments.pledges_involving(session, family, open_only=True, limit=50))
    pledges.sort(key=lambda p: (not p.is_overdue(today), p.due_date or date.max))
    pledge_ids = [p.id for p in pledges]
    topics = session.scalars(
        select(Topic)
        .where(
            or_(
                Topic.id.in_(
                    select(Topic.id)
                    .join(Meeting.topics)
                    .where(Meeting.id.in_([m.id for m in meetings]))
                ),
                Topic.id.in_(select(Topic.id).join(Pledge.topics).where(Pledge.id.in_(pledge_ids))),
            )
        )
        .order_by(Topic.name)
    ).all()
    return Briefing(
        organisation=org,
        today=today,
        health=health_of(session, org, today),
        current=current,
        role_changes=changes,
        meetings=list(meetings),
        pledges=pledges,
        actions=list(commitments.open_actions_for_organisation(session, family)),
        follow_ups=list(commitments.due_follow_ups_for_organisation(session, family)),
        family=family,
        topics=list(topics),
    )
