"""Endpoints that subscribe to events, the outbox of events, and the delivery log."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, enum_check


class EventType(enum.StrEnum):
    meeting_created = "meeting.created"
    meeting_updated = "meeting.updated"
    pledge_status_changed = "pledge.status_changed"
    action_item_overdue = "action_item.overdue"
    follow_up_due = "follow_up.due"
    document_added = "document.added"


class DeliveryStatus(enum.StrEnum):
    pending = "pending"  # waiting for its (next) attempt
    sending = "sending"  # claimed by a worker until locked_until
    delivered = "delivered"
    failed = "failed"  # gave up after the last attempt; an admin can retry


class WebhookEndpoint(Base):
    """A receiver an administrator registered. The secret signs every delivery; it is
    needed to sign, so it is stored as given (admins see it once, when created)."""

    __tablename__ = "webhook_endpoint"

    url: Mapped[str] = mapped_column(String(1000))
    description: Mapped[str | None] = mapped_column(String(300))
    secret: Mapped[str] = mapped_column(String(100))
    events: Mapped[list[str]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(default=True)

    def wants(self, event_type: str) -> bool:
        return self.active and event_type in self.events


class OutboxEvent(Base):
    """Something that happened, written in the same transaction as the change itself, so
    an event exists if and only if the change was saved. `dedupe_key` makes time-based
    events (overdue, due) happen once however many workers look."""

    __tablename__ = "outbox_event"

    event_id: Mapped[str] = mapped_column(String(36), unique=True)
    event_type: Mapped[str] = mapped_column(String(40), index=True)
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int]
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    occurred_at: Mapped[datetime]
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True)


class WebhookDelivery(Base):
    """One event for one endpoint, until delivered or given up."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (
        enum_check("status", DeliveryStatus),
        Index("ix_webhook_delivery_status_next_attempt_at", "status", "next_attempt_at"),
        Index("ix_webhook_delivery_endpoint_id_id", "endpoint_id", "id"),
    )

    event_id: Mapped[int] = mapped_column(
        ForeignKey("outbox_event.id", ondelete="CASCADE"), index=True
    )
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("webhook_endpoint.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16), default=DeliveryStatus.pending.value)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    locked_until: Mapped[datetime | None]
    last_status_code: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    delivered_at: Mapped[datetime | None]

    event: Mapped[OutboxEvent] = relationship(lazy="raise")
    endpoint: Mapped[WebhookEndpoint] = relationship(lazy="raise")
    attempt_log: Mapped[list[WebhookAttempt]] = relationship(
        lazy="raise", order_by="WebhookAttempt.id", cascade="all, delete-orphan"
    )


class WebhookAttempt(Base):
    """One try: what the receiver answered, or why it could not be reached."""

    __tablename__ = "webhook_attempt"

    delivery_id: Mapped[int] = mapped_column(
        ForeignKey("webhook_delivery.id", ondelete="CASCADE"), index=True
    )
    attempted_at: Mapped[datetime]
    status_code: Mapped[int | None]
    error: Mapped[str | None] = mapped_column(Text)
    duration_ms: Mapped[int]
    worker: Mapped[str | None] = mapped_column(String(120))
