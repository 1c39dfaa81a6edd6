"""Reading the audit trail."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from app.audit.models import AuditEvent
from app.db import Base


def history_of(session: Session, record: Base, limit: int = 200) -> Sequence[AuditEvent]:
    """Every recorded change of one record, newest first."""
    stmt = (
        select(AuditEvent)
        .where(AuditEvent.entity_type == record.__tablename__, AuditEvent.entity_id == record.id)
        .options(joinedload(AuditEvent.user))
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        .limit(limit)
    )
    return session.scalars(stmt).all()


def changes_since(session: Session, record: Base, version: int) -> list[AuditEvent]:
    """Updates saved after the record was at `version` (events record the version step)."""
    return [
        event
        for event in reversed(history_of(session, record))
        if "version" in event.changes and (event.changes["version"][0] or 0) >= version
    ]
