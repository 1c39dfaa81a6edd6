"""Keeps the tallies (app.tally.models) true, in the same transaction as every change.

Like app.organisation.last_met: after each flush it notes the months whose figures may
have moved (a meeting's own month, before and after an edit; the month of the meeting a
participant, pledge, action or follow-up belongs to; every month a body met in when its
kind changes), and just before the transaction commits it counts those months again from
the records themselves. Recounting a month, never adding and subtracting, is what makes
the figures right by construction: whatever the change, a month's rows are what a full
count of that month gives. A month is a few hundred meetings, so a save recounts in a few
milliseconds. Bulk loaders that bypass the ORM call `rebuild_all` (as does the migration).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from itertools import chain
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    case,
    delete,
    distinct,
    event,
    func,
    inspect,
    literal,
    literal_column,
    select,
)
from sqlalchemy.orm import Session, UOWTransaction

from app.commitment.models import ActionItem, FollowUp, Pledge, action_is_open
from app.meeting.models import Meeting, Participant, Side
from app.organisation.models import Organisation
from app.tally.models import (
    TALLIES,
    commitment_tally,
    engagement_tally,
    meeting_tally,
    open_action_tally,
    organisation_kind_tally,
)

PENDING_KEY = "engage_tally_pending"
UNDATED = ""
COMMITMENTS: tuple[tuple[str, Any], ...] = (
    ("pledge", Pledge),
    ("action", ActionItem),
    ("follow_up", FollowUp),
)
MEETING_FIELDS = ("date", "status", "kind", "province", "archived_at")


def month_of(day: date | None) -> str:
    return f"{day.year:04d}-{day.month:02d}" if day else UNDATED


def month_bounds(month: str) -> tuple[date, date]:
    """The first day of `month` ("YYYY-MM") and of the month after it."""
    year, number = int(month[:4]), int(month[5:7])
    following = date(year + number // 12, number % 12 + 1, 1)
    return date(year, number, 1), following


def _in_month(month: str) -> ColumnElement[bool]:
    if month == UNDATED:
        return Meeting.date.is_(None)
    first, following = month_bounds(month)
    return (Meeting.date >= first) & (Meeting.date < following)


# Constants in grouped expressions are written into the SQL: PostgreSQL takes two bound
# parameters for two expressions, so a GROUP BY would not match its SELECT.
ZERO: ColumnElement[int] = literal_column("0")
ONE: ColumnElement[int] = literal_column("1")
NONE: ColumnElement[str] = literal_column("''")


def _province() -> ColumnElement[str]:
    return func.coalesce(Meeting.province, NONE)


def _counts(month: str) -> list[tuple[Any, Select[*tuple[Any, ...]]]]:
    """Each tally with the statement that counts `month` for it from the records."""
    live = Meeting.archived_at.is_(None)
    counterpart = case(
        (Participant.side != literal_column(f"'{Side.ours.value}'"), ONE), else_=ZERO
    )
    m = literal(month)
    counts: list[tuple[Any, Select[*tuple[Any, ...]]]] = [
        (
            meeting_tally,
            select(m, Meeting.status, Meeting.kind, _province(), func.count())
            .where(live, _in_month(month))
            .group_by(Meeting.status, Meeting.kind, _province()),
        ),
        (
            organisation_kind_tally,
            select(m, Organisation.kind, func.count(distinct(Participant.meeting_id)))
            .join(Participant, Participant.organisation_id == Organisation.id)
            .join(Meeting, Meeting.id == Participant.meeting_id)
            .where(live, _in_month(month), Participant.side != Side.ours.value)
            .group_by(Organisation.kind),
        ),
        (
            engagement_tally,
            select(
                m,
                Participant.organisation_id,
                counterpart,
                Meeting.kind,
                _province(),
                func.count(distinct(Participant.meeting_id)),
            )
            .join(Meeting, Meeting.id == Participant.meeting_id)
            .where(live, _in_month(month), Participant.organisation_id.is_not(None))
            .group_by(Participant.organisation_id, counterpart, Meeting.kind, _province()),
        ),
    ]
    counts.append(
        (
            open_action_tally,
            select(m, Meeting.kind, _province(), ActionItem.due_date, func.count())
            .join(Meeting, Meeting.id == ActionItem.meeting_id)
            .where(
                live,
                _in_month(month),
                ActionItem.archived_at.is_(None),
                action_is_open(),
                ActionItem.due_date.is_not(None),
            )
            .group_by(Meeting.kind, _province(), ActionItem.due_date),
        )
    )
    meeting_live = case((live, ONE), else_=ZERO)
    for item, model in COMMITMENTS:
        counts.append(
            (
                commitment_tally,
                select(
                    m,
                    meeting_live,
                    Meeting.kind,
                    _province(),
                    literal(item),
                    model.status,
                    func.count(),
                )
                .join(Meeting, Meeting.id == model.meeting_id)
                .where(model.archived_at.is_(None), _in_month(month))
                .group_by(meeting_live, Meeting.kind, _province(), model.status),
            )
        )
    return counts


def recount(connection: Connection, months: Iterable[str]) -> None:
    """Count these months again from the records, replacing what was kept for them."""
    for month in sorted(set(months)):
        for table in TALLIES:
            connection.execute(delete(table).where(table.c.month == month))
        for table, counted in _counts(month):
            columns = [c.name for c in table.columns]
            connection.execute(table.insert().from_select(columns, counted))


def all_months(connection: Connection) -> set[str]:
    """Every month that holds a meeting, and the undated."""
    days = connection.scalars(select(Meeting.date).distinct())
    return {month_of(day) for day in days} | {UNDATED}


def rebuild_all(connection: Connection) -> None:
    """Count everything again: after a bulk load, and in the migration."""
    for table in TALLIES:
        connection.execute(delete(table))
    recount(connection, all_months(connection))


def _pending(session: Session) -> set[Any]:
    pending: set[Any] = session.info.setdefault(PENDING_KEY, set())
    return pending


def _history(obj: object, name: str) -> Iterable[Any]:
    history = inspect(obj).attrs[name].history
    return chain(history.added, history.unchanged, history.deleted)


def _changed(obj: object, names: Iterable[str]) -> bool:
    attrs = inspect(obj).attrs
    return any(attrs[name].history.has_changes() for name in names)


@event.listens_for(Session, "after_flush")
def _collect(session: Session, _ctx: UOWTransaction) -> None:
    # Still the flush's own lists and histories here: a meeting's month before and after.
    pending = _pending(session)
    for obj in chain(session.new, session.dirty, session.deleted):
        whole = obj in session.new or obj in session.deleted
        if isinstance(obj, Meeting):
            if whole or _changed(obj, MEETING_FIELDS):
                pending.update(month_of(day) for day in _history(obj, "date"))
        elif isinstance(obj, Participant | Pledge | ActionItem | FollowUp):
            pending.update(("meeting", i) for i in _history(obj, "meeting_id") if i is not None)
        elif isinstance(obj, Organisation) and not whole and _changed(obj, ("kind",)):
            pending.add(("organisation", obj.id))


@event.listens_for(Session, "before_commit")
def _recount(session: Session) -> None:
    session.flush()
    pending = session.info.pop(PENDING_KEY, None)
    if not pending:
        return
    connection = session.connection()
    months = {p for p in pending if isinstance(p, str)}
    meeting_ids = [p[1] for p in pending if isinstance(p, tuple) and p[0] == "meeting"]
    body_ids = [p[1] for p in pending if isinstance(p, tuple) and p[0] == "organisation"]
    if meeting_ids:
        days = connection.scalars(select(Meeting.date).where(Meeting.id.in_(meeting_ids)))
        months.update(month_of(day) for day in days)
    if body_ids:
        days = connection.scalars(
            select(Meeting.date)
            .distinct()
            .join(Participant, Participant.meeting_id == Meeting.id)
            .where(Participant.organisation_id.in_(body_ids))
        )
        months.update(month_of(day) for day in days)
    recount(connection, months)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(PENDING_KEY, None)
