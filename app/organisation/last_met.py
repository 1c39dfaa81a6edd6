"""Keeps `Organisation.last_met_on` true: the latest held, unarchived meeting each
organisation took part in.

Listens to every Session: after each flush it notes the organisations whose answer may
have changed (a participant added, removed or moved; a meeting's date, status or archive
state changed), and just before the transaction commits it recomputes exactly those, in
one UPDATE, inside the same transaction. Bulk loaders that bypass the ORM call
`refresh_last_met` themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import Connection, ScalarSelect, event, func, inspect, select, update
from sqlalchemy.orm import Session, UOWTransaction

from app.meeting.models import Meeting, MeetingStatus, Participant
from app.organisation.models import Organisation

PENDING_KEY = "engage_last_met_pending"
MEETING_FIELDS = ("date", "status", "archived_at")


def latest_held_meeting() -> ScalarSelect[date | None]:
    """Correlated: the latest held meeting of the organisation in the outer query.

    max(), not ORDER BY date DESC LIMIT 1: given the LIMIT, PostgreSQL may walk the
    meetings' date index backwards for every organisation (hours for a full refresh of
    thousands of organisations); max() goes through the organisation's participants."""
    return (
        select(func.max(Meeting.date))
        .join(Participant, Participant.meeting_id == Meeting.id)
        .where(
            Participant.organisation_id == Organisation.id,
            Meeting.archived_at.is_(None),
            Meeting.status == MeetingStatus.held.value,
        )
        .scalar_subquery()
    )


def refresh_last_met(connection: Connection, organisation_ids: Iterable[int] | None = None) -> None:
    """Recompute for these organisations (all of them when None)."""
    stmt = update(Organisation).values(last_met_on=latest_held_meeting())
    if organisation_ids is not None:
        ids = sorted(set(organisation_ids))
        if not ids:
            return
        stmt = stmt.where(Organisation.id.in_(ids))
    connection.execute(stmt.execution_options(synchronize_session=False))


def _pending(session: Session) -> set[Any]:
    pending: set[Any] = session.info.setdefault(PENDING_KEY, set())
    return pending


def _old_and_new(obj: Participant) -> set[int | None]:
    history = inspect(obj).attrs.organisation_id.history
    return {obj.organisation_id, *history.deleted}


@event.listens_for(Session, "after_flush")
def _collect(session: Session, _ctx: UOWTransaction) -> None:
    affected = _pending(session)
    for obj in [*session.new, *session.dirty, *session.deleted]:
        if isinstance(obj, Participant):
            affected.update(_old_and_new(obj))
        elif isinstance(obj, Meeting) and obj not in session.new:
            state = inspect(obj)
            if any(state.attrs[name].history.has_changes() for name in MEETING_FIELDS):
                affected.add(("meeting", obj.id))
    affected.discard(None)


@event.listens_for(Session, "before_commit")
def _refresh(session: Session) -> None:
    session.flush()
    affected = session.info.pop(PENDING_KEY, None)
    if not affected:
        return
    connection = session.connection()
    org_ids = {a for a in affected if isinstance(a, int)}
    meeting_ids = [a[1] for a in affected if isinstance(a, tuple)]
    if meeting_ids:
        org_ids.update(
            connection.scalars(
                select(Participant.organisation_id).where(
                    Participant.meeting_id.in_(meeting_ids),
                    Participant.organisation_id.is_not(None),
                )
            )
        )
    refresh_last_met(connection, org_ids)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(PENDING_KEY, None)
