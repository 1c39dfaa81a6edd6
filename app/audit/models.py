"""The audit trail: one row per create, update, status change, archive or restore."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, enum_check, utcnow

if TYPE_CHECKING:
    from app.account.models import User


class AuditAction(enum.StrEnum):
    create = "create"
    update = "update"
    status_change = "status_change"
    archive = "archive"
    restore = "restore"
    delete = "delete"
    erase = "erase"
    login = "login"


class AuditEvent(Base):
    """Who changed what, when: `changes` maps each field to [before, after]."""

    __tablename__ = "audit_event"
    __table_args__ = (
        enum_check("action", AuditAction),
        Index("ix_audit_event_entity_type_entity_id", "entity_type", "entity_id"),
    )

    occurred_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(String(16))
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None]
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    summary: Mapped[str | None] = mapped_column(Text)

    user: Mapped[User | None] = relationship(lazy="raise")

    @property
    def visible_changes(self) -> dict[str, Any]:
        """The changed fields a reader cares about (the version step is bookkeeping)."""
        return {k: v for k, v in self.changes.items() if k != "version"}
