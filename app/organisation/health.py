"""Relationship health: days since the last meeting against the expected cadence for the
organisation's kind. The last meeting date is kept on the organisation in the same
transaction as every change that moves it (app.organisation.last_met), so any logged
meeting resets it at once; the cadence is applied when a page is built."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import (
    CheckConstraint,
    ColumnElement,
    SQLColumnExpression,
    String,
    and_,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.db import Base
from app.generation import track
from app.listing import count_rows
from app.meeting.models import Meeting, Participant
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


track(ContactCadence)  # the dashboard shows who is overdue by it (app.generation)


class Health(enum.StrEnum):
    on_track = "on_track"
    due = "due"
    overdue = "overdue"
    never = "never"
    # Met only in meetings whose source gives no date: an engagement all the same.
    met_undated = "met_undated"


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


def cadence_days(session: Session) -> dict[str, int]:
    stored = dict(
        session.execute(
            select(ContactCadence.organisation_kind, ContactCadence.expected_days)
        ).all()
    )
    return {kind.value: stored.get(kind.value, DEFAULT_CADENCE_DAYS) for kind in OrganisationKind}


def health_of(session: Session, organisation: Organisation, today: date) -> RelationshipHealth:
    cadence = cadence_days(session).get(organisation.kind, DEFAULT_CADENCE_DAYS)
    health = classify(organisation.last_met_on, cadence, today)
    if health.state is Health.never and _met_without_a_date(session, organisation.id):
        return RelationshipHealth(Health.met_undated, None, None, cadence)
    return health


def _met_without_a_date(session: Session, organisation_id: int) -> bool:
    stmt = (
        select(Participant.id)
        .join(Meeting, Meeting.id == Participant.meeting_id)
        .where(
            Participant.organisation_id == organisation_id,
            Meeting.date.is_(None),
            Meeting.archived_at.is_(None),
        )
        .limit(1)
    )
    return session.scalar(stmt) is not None


def _overdue_condition(
    last_met: SQLColumnExpression[date | None], cadences: dict[str, int], today: date
) -> ColumnElement[bool]:
    # One cut-off date per kind, computed here, so the comparison is plain date SQL on
    # every engine.
    return or_(
        *(
            and_(Organisation.kind == kind, last_met < today - timedelta(days=days))
            for kind, days in cadences.items()
        )
    )


def going_cold(
    session: Session, today: date, home_id: int | None = None, limit: int = 10
) -> tuple[int, list[tuple[Organisation, RelationshipHealth]]]:
    """How many organisations are overdue for contact, and the most overdue of them. The
    authority itself (`home_id`) is never going cold: it is met in every meeting."""
    cadences = cadence_days(session)
    last_met = Organisation.last_met_on
    base = select(Organisation).where(
        Organisation.archived_at.is_(None),
        last_met.is_not(None),
        _overdue_condition(last_met, cadences, today),
        Organisation.id != home_id if home_id else true(),
    )
    total = count_rows(session, base)
    rows = session.scalars(base.order_by(last_met.asc(), Organisation.id).limit(limit)).all()
    return total, [(org, classify(org.last_met_on, cadences[org.kind], today)) for org in rows]
