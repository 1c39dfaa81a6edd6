"""The admin audit log: every event, filtered in the database."""

from __future__ import annotations

from datetime import datetime, time, timedelta, tzinfo

from pydantic import Field
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from app.audit.models import AuditAction, AuditEvent
from app.filtering import QueryForm
from app.forms import TypedDate


class AuditFilters(QueryForm):
    """The audit log's filter form."""

    entity_type: str | None = Field(None, max_length=40)
    entity_id: int | None = Field(None, ge=1, le=2**31 - 1)
    user_id: int | None = Field(None, ge=1, le=2**31 - 1)
    action: AuditAction | None = None
    since: TypedDate | None = None
    until: TypedDate | None = None


def audit_stmt(filters: AuditFilters, zone: tzinfo) -> Select[AuditEvent]:
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
