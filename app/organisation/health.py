"""Relationship health: days since the last meeting against the expected cadence for the
organisation's kind. Computed from current state whenever a page is built, never stored,
so any logged meeting resets it at once."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import CheckConstraint, String, and_, func, or_, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.db import Base
from app.listing import count_rows
from app.meeting.models import Meeting, MeetingStatus, Participant
from app.organisation.models import Organisation, OrganisationKind

DEFAULT_CADENCE_DAYS = 180
# Within this many days of the cadence running out, contact is "due".
DUE_WINDOW_DAYS = 14


class ContactCadence(Base):
    """How often organisations of a kind should be met, in days (admins set it)."""

    __tablename__ = "contact_cadence"
    __table_args__ = (CheckConstraint("expected_days BETWEEN 1 AND 3650", name="days_range"),)

    organisation_kind: Mapped[str] = mapped_column(String(32), unique=True)
    expected_days: Mapped[int]


class Health(enum.StrEnum):
    on_track = "on_track"
    due = "due"
    overdue = "overdue"
    never = "never"


@dataclass(frozen=True)
class RelationshipHealth:
    state: Health
    last_met: date | None
    days_since: int | None
    cadence_days: int


def classify(last_met: date | None, cadence_days: int, today: date) -> RelationshipHealth:
    if last_met is None:
        return RelationshipHealth(Health.never, None, None, cadence_days)
    days = (today - last_met).days
    if days > cadence_days:
        state = Health.overdue
    elif days > cadence_days - DUE_WINDOW_DAYS:
        state = Health.due
    else:
        state = Health.on_track
    return RelationshipHealth(state, last_met, days, cadence_days)


def last_met_subquery(today: date):  # type: ignore[no-untyped-def]
    """organisation_id → date of its latest held meeting up to today."""
    return (
        select(
            Participant.organisation_id.label("organisation_id"),
            func.max(Meeting.date).label("last_met"),
        )
        .join(Meeting, Meeting.id == Participant.meeting_id)
        .where(
            Meeting.archived_at.is_(None),
            Meeting.status == MeetingStatus.held.value,
            Meeting.date <= today,
            Participant.organisation_id.is_not(None),
        )
        .group_by(Participant.organisation_id)
        .subquery()
    )


def cadence_days(session: Session) -> dict[str, int]:
    stored = dict(
        session.execute(
            select(ContactCadence.organisation_kind, ContactCadence.expected_days)
        ).all()
    )
    return {kind.value: stored.get(kind.value, DEFAULT_CADENCE_DAYS) for kind in OrganisationKind}


def health_of(session: Session, organisation: Organisation, today: date) -> RelationshipHealth:
    last = last_met_subquery(today)
    last_met = session.scalar(
        select(last.c.last_met).where(last.c.organisation_id == organisation.id)
    )
    return classify(
        last_met, cadence_days(session).get(organisation.kind, DEFAULT_CADENCE_DAYS), today
    )


def _overdue_condition(last_met, cadences: dict[str, int], today: date):  # type: ignore[no-untyped-def]
    # One cut-off date per kind, computed here, so the comparison is plain date SQL on
    # every engine.
    return or_(
        *(
            and_(Organisation.kind == kind, last_met < today - timedelta(days=days))
            for kind, days in cadences.items()
        )
    )


def going_cold(
    session: Session, today: date, limit: int = 10
) -> tuple[int, list[tuple[Organisation, RelationshipHealth]]]:
    """How many organisations are overdue for contact, and the most overdue of them."""
    cadences = cadence_days(session)
    last = last_met_subquery(today)
    overdue = _overdue_condition(last.c.last_met, cadences, today)
    base = (
        select(Organisation, last.c.last_met)
        .join(last, last.c.organisation_id == Organisation.id)
        .where(Organisation.archived_at.is_(None), overdue)
    )
    total = count_rows(session, base)
    rows = session.execute(base.order_by(last.c.last_met.asc(), Organisation.id).limit(limit)).all()
    return total, [(org, classify(last_met, cadences[org.kind], today)) for org, last_met in rows]
