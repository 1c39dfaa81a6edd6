"""The admin audit log: every event, filtered in the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from app.audit.models import AuditEvent


@dataclass(frozen=True)
class AuditFilters:
    entity_type: str | None = None
    entity_id: int | None = None
    user_id: int | None = None
    action: str | None = None
    since: date | None = None
    until: date | None = None

    def as_query_args(self) -> dict[str, str]:
        values = {
            "entity_type": self.entity_type,
            "entity_id": self.entity_id,
            "user_id": self.user_id,
            "action": self.action,
            "since": self.since,
            "until": self.until,
        }
        return {k: str(v) for k, v in values.items() if v is not None}


def audit_stmt(filters: AuditFilters, zone) -> Select[tuple[AuditEvent]]:  # type: ignore[no-untyped-def]
    stmt = select(AuditEvent).options(joinedload(AuditEvent.user))
    if filters.entity_type:
        stmt = stmt.where(AuditEvent.entity_type == filters.entity_type)
    if filters.entity_id is not None:
        stmt = stmt.where(AuditEvent.entity_id == filters.entity_id)
    if filters.user_id is not None:
        stmt = stmt.where(AuditEvent.user_id == filters.user_id)
    if filters.action:
        stmt = stmt.where(AuditEvent.action == filters.action)
    if filters.since:
        stmt = stmt.where(AuditEvent.occurred_at >= datetime.combine(filters.since, time(), zone))
    if filters.until:
        end = datetime.combine(filters.until + timedelta(days=1), time(), zone)
        stmt = stmt.where(AuditEvent.occurred_at < end)
    return stmt.order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
