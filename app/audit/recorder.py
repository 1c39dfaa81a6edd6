"""Records the audit trail from the ORM's own change tracking, so no route can forget.

Listens to every Session: before a flush it stamps created_by/updated_by; after the flush
(ids assigned, attribute history still intact) it writes one audit row per changed object
through the same connection, inside the same transaction as the change itself.
"""

from __future__ import annotations

import enum
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session, UOWTransaction

from app.audit.models import AuditAction, AuditEvent
from app.db import Base, TrackedMixin, utcnow

# Bookkeeping columns that change on every write and say nothing a reader needs.
IGNORED_FIELDS = frozenset(
    {"created_at", "updated_at", "version", "created_by_id", "updated_by_id"}
)


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Base):
        return getattr(value, "id", None)
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


# What the trail shows of a column marked `info={"audit_secret": True}` (a password's
# hash): that it was set or changed, never the value, which anyone reading the audit log
# could otherwise take away and attack offline.
SECRET_SHOWN_AS = "(secret)"


def _column_changes(obj: Base, *, created: bool) -> dict[str, list[Any]]:
    state = inspect(obj)
    changes: dict[str, list[Any]] = {}
    for attr in state.mapper.column_attrs:
        if attr.key in IGNORED_FIELDS or attr.key == "id":
            continue
        if attr.columns[0].info.get("audit_secret"):
            _note_secret(obj, attr.key, changes, created=created)
            continue
        history = state.attrs[attr.key].history
        if created:
            value = getattr(obj, attr.key)
            if value not in (None, [], ""):
                changes[attr.key] = [None, _plain(value)]
        elif history.has_changes():
            before = history.deleted[0] if history.deleted else None
            after = history.added[0] if history.added else None
            if _plain(before) != _plain(after):
                changes[attr.key] = [_plain(before), _plain(after)]
    for rel in state.mapper.relationships:
        if rel.secondary is None:
            continue
        history = state.attrs[rel.key].history
        if history.added or history.deleted:
            # The whole list before and after, as for any other field: with only what was
            # taken out and put in, a topic added to two showed "(empty) → the new one".
            kept = list(history.unchanged)
            changes[rel.key] = [
                sorted(_plain(o) for o in kept + list(history.deleted)),
                sorted(_plain(o) for o in kept + list(history.added)),
            ]
    return changes


def _note_secret(obj: Base, key: str, changes: dict[str, list[Any]], *, created: bool) -> None:
    history = inspect(obj).attrs[key].history
    if created:
        before, after = None, getattr(obj, key)
    elif history.has_changes():
        before = history.deleted[0] if history.deleted else None
        after = history.added[0] if history.added else None
    else:
        return
    if before != after:
        changes[key] = [
            None if before is None else SECRET_SHOWN_AS,
            None if after is None else SECRET_SHOWN_AS,
        ]


def _action_for(changes: dict[str, list[Any]]) -> AuditAction:
    if "archived_at" in changes:
        return AuditAction.restore if changes["archived_at"][1] is None else AuditAction.archive
    if "status" in changes or "to_status" in changes:
        return AuditAction.status_change
    return AuditAction.update


def _audited(obj: object) -> bool:
    return (
        isinstance(obj, Base)
        and not isinstance(obj, AuditEvent)
        and getattr(obj, "__audited__", True)
    )


@event.listens_for(Session, "before_flush")
def _stamp_authors(session: Session, _ctx: UOWTransaction, _instances: Any) -> None:
    user_id = session.info.get("user_id")
    for obj in session.new:
        if isinstance(obj, TrackedMixin):
            obj.created_by_id = obj.created_by_id or user_id
            obj.updated_by_id = obj.updated_by_id or user_id
    for obj in session.dirty:
        if isinstance(obj, TrackedMixin) and session.is_modified(obj):
            obj.updated_by_id = user_id


@event.listens_for(Session, "after_flush")
def _record_changes(session: Session, _ctx: UOWTransaction) -> None:
    if session.info.get("audit_disabled"):
        return
    user_id = session.info.get("user_id")
    now = utcnow()
    rows: list[dict[str, Any]] = []

    def add(obj: Base, action: AuditAction, changes: dict[str, list[Any]]) -> None:
        rows.append(
            {
                "occurred_at": now,
                "created_at": now,
                "updated_at": now,
                "user_id": user_id,
                "action": action.value,
                "entity_type": obj.__tablename__,
                "entity_id": obj.id,
                "changes": changes,
            }
        )

    for obj in session.new:
        if _audited(obj):
            add(obj, AuditAction.create, _column_changes(obj, created=True))
    for obj in session.dirty:
        if _audited(obj):
            changes = _column_changes(obj, created=False)
            if changes:
                if isinstance(obj, TrackedMixin):
                    # The mapper bumps the version during the flush, outside attribute history.
                    changes["version"] = [obj.version - 1, obj.version]
                add(obj, _action_for(changes), changes)
    for obj in session.deleted:
        if _audited(obj):
            add(obj, AuditAction.delete, {})
    if rows:
        session.connection().execute(insert(AuditEvent), rows)
