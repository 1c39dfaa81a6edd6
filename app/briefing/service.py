"""A briefing pack for staff preparing the next meeting with an organisation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from app.briefing.agenda import AgendaFacts, agenda_points
from app.commitment import queries as commitments
from app.commitment.models import ActionItem, FollowUp, FollowUpStatus, Pledge
from app.config import get_settings
from app.document.models import Document
from app.document.service import documents_where
from app.meeting.models import Meeting, Participant
from app.meeting.queries import newest_first, with_participants
from app.organisation.health import RelationshipHealth, health_of
from app.organisation.models import Organisation
from app.organisation.queries import (
    PersonAt,
    affiliations_at,
    get_organisation_detail,
    home_organisation_id,
    with_departments,
)
from app.topic.models import Topic

RECENT_MEETINGS = 5
ROLE_CHANGE_WINDOW = timedelta(days=365)


@dataclass
class Briefing:
    organisation: Organisation
    today: date
    health: RelationshipHealth
    current: list[PersonAt]
    role_changes: list[PersonAt]
    meetings: list[Meeting]
    pledges: list[Pledge]
    actions: list[ActionItem]
    follow_ups: list[FollowUp]
    topics: list[Topic]
    family: list[int]  # the organisation and its departments and offices
    home_id: int | None = None  # the authority itself
    documents: list[Document] = field(default_factory=list)  # of it and its last meetings

    @property
    def agenda(self) -> list[str]:
        return agenda_points(
            AgendaFacts(
                organisation=self.organisation,
                today=self.today,
                family=self.family,
                home_id=self.home_id,
                last_meeting=self.meetings[0] if self.meetings else None,
                pledges=self.pledges,
                actions=self.actions,
                follow_ups=self.follow_ups,
                contact_overdue=self.health.state.value in ("overdue", "never"),
            )
        )


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
            *with_participants(),
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
    actions, follow_ups = _open_outcomes(session, family, meetings[0] if meetings else None, today)
    return Briefing(
        organisation=org,
        today=today,
        health=health_of(session, org, today),
        current=current,
        role_changes=changes,
        meetings=list(meetings),
        pledges=pledges,
        actions=actions,
        follow_ups=follow_ups,
        family=family,
        topics=list(topics),
        home_id=home_organisation_id(session, get_settings().home_organisation),
        documents=documents_where(
            session,
            or_(
                Document.meeting_id.in_([m.id for m in meetings]),
                Document.organisation_id.in_(family),
            ),
            limit=30,
        ),
    )


def _open_outcomes(
    session: Session, family: list[int], last: Meeting | None, today: date
) -> tuple[list[ActionItem], list[FollowUp]]:
    """Open actions and due follow-ups for the body and its departments, and those the
    last meeting with it agreed even where they name no organisation."""
    actions = list(commitments.open_actions_for_organisation(session, family))
    follow_ups = list(commitments.due_follow_ups_for_organisation(session, family))
    if last is not None:
        known = {a.id for a in actions}
        actions += [
            a
            for a in commitments.actions_for_meeting(session, last.id)
            if a.is_open and a.id not in known
        ]
        seen = {f.id for f in follow_ups}
        follow_ups += [
            f
            for f in commitments.follow_ups_for_meeting(session, last.id)
            if f.status == FollowUpStatus.due.value and f.id not in seen
        ]
    actions.sort(key=lambda a: (not a.is_overdue(today), a.due_date or date.max, a.id))
    follow_ups.sort(key=lambda f: (f.due_date, f.id))
    return actions, follow_ups
