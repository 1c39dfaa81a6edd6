"""A counter that moves whenever engagement data changes, so that figures derived from
all of it (the dashboard's aggregates) can be cached and never served stale.

Every transaction that changes a meeting, participant, pledge, action item, follow-up,
organisation or contact cadence increments the counter just before it commits, in the
same transaction. A reader takes the counter *first*, then computes: anything cached
under a counter value was computed from data at least that new.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import event, inspect, select, update
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
    from app.contact.models import Affiliation, Contact
    from app.meeting.models import Meeting, Participant
    from app.organisation.health import ContactCadence
    from app.organisation.models import Organisation, OrganisationAlias
    from app.topic.models import Topic

    return (
        Meeting,
        Participant,
        Pledge,
        ActionItem,
        FollowUp,
        Organisation,
        ContactCadence,
        # Shown by name in cached pages (app.web.render_cached_page):
        Contact,
        Affiliation,
        Topic,
        OrganisationAlias,
    )


@cache
def tracked_tables() -> frozenset[str]:
    """Tables whose every change moves the generation: the tracked types', and the
    association tables that change only through a tracked owner's collection."""
    return frozenset(t.__tablename__ for t in tracked_types()) | {"meeting_topic", "pledge_topic"}


# Of a user, pages show the name, and offer the active ones as choices; signing in, which
# writes the time of the last login, changes nothing shown.
USER_FIELDS_SHOWN = ("display_name", "active")


def _edit_shows(record: object) -> bool:
    """Whether an edit of `record` can change what pages show."""
    from app.account.models import User

    if not isinstance(record, User):
        return True
    state = inspect(record)
    return any(state.attrs[name].history.has_changes() for name in USER_FIELDS_SHOWN)


def current_generation(session: Session) -> int:
    return session.scalar(select(DataGeneration.generation).where(DataGeneration.id == 1)) or 0


@event.listens_for(Session, "after_flush")
def _note(session: Session, _ctx: UOWTransaction) -> None:
    from app.account.models import User

    shown = (*tracked_types(), User)
    changed = [*session.new, *session.deleted, *filter(_edit_shows, session.dirty)]
    if any(isinstance(record, shown) for record in changed):
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
