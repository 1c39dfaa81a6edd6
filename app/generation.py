"""A counter that moves whenever engagement data changes, so that figures derived from
all of it (the dashboard's aggregates) can be cached and never served stale.

Every transaction that changes a meeting, participant, pledge, action item, follow-up,
organisation or contact cadence increments the counter just before it commits, in the
same transaction. A reader takes the counter *first*, then computes: anything cached
under a counter value was computed from data at least that new.
"""

from __future__ import annotations

from sqlalchemy import event, select, update
from sqlalchemy.orm import Mapped, Session, UOWTransaction, mapped_column

from app.db import Base

PENDING_KEY = "engage_generation_pending"


class DataGeneration(Base):
    """One row (id 1)."""

    __tablename__ = "data_generation"
    __audited__ = False

    generation: Mapped[int] = mapped_column(default=0)


def tracked_types() -> tuple[type, ...]:
    from app.commitment.models import ActionItem, FollowUp, Pledge
    from app.meeting.models import Meeting, Participant
    from app.organisation.health import ContactCadence
    from app.organisation.models import Organisation

    return (Meeting, Participant, Pledge, ActionItem, FollowUp, Organisation, ContactCadence)


def current_generation(session: Session) -> int:
    return session.scalar(select(DataGeneration.generation).where(DataGeneration.id == 1)) or 0


@event.listens_for(Session, "after_flush")
def _note(session: Session, _ctx: UOWTransaction) -> None:
    types = tracked_types()
    if any(isinstance(o, types) for o in [*session.new, *session.dirty, *session.deleted]):
        session.info[PENDING_KEY] = True


@event.listens_for(Session, "before_commit")
def _bump(session: Session) -> None:
    session.flush()
    if session.info.pop(PENDING_KEY, False):
        session.connection().execute(
            update(DataGeneration)
            .where(DataGeneration.id == 1)
            .values(generation=DataGeneration.generation + 1)
        )


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(PENDING_KEY, None)
