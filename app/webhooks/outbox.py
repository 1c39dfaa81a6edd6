"""Writes webhook events to the outbox in the same transaction as the change.

Listens to every Session, like the audit recorder: after each flush it notes which
meetings were created or changed and which pledges changed status; just before the
transaction commits it writes one event per record (however many flushes the save took)
and one pending delivery per endpoint that subscribed to it. A rolled-back change leaves
no event behind, and a saved one always has its event.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, event, insert, inspect, select
from sqlalchemy.orm import Session, UOWTransaction

from app.commitment.models import Pledge
from app.db import utcnow
from app.document.models import Document
from app.document.service import owner_of_document
from app.meeting.models import Meeting, Participant
from app.webhooks.models import EventType, OutboxEvent, WebhookDelivery, WebhookEndpoint

PENDING_KEY = "engage_outbox_pending"


@dataclass
class PendingEvent:
    event_type: EventType
    entity_type: str
    entity_id: int
    data: dict[str, Any]
    dedupe_key: str | None = None


def api_path(collection: str, record_id: int) -> str:
    return f"/api/v1/{collection}/{record_id}"


def meeting_data(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": meeting.id,
        "title": meeting.title,
        "date": meeting.date.isoformat() if meeting.date else None,
        "date_confirmed": meeting.date_confirmed,
        "status": meeting.status,
        "kind": meeting.kind,
        "province": meeting.province,
        "href": api_path("meetings", meeting.id),
    }


def document_data(document: Document) -> dict[str, Any]:
    owner = owner_of_document(document)
    return {
        "id": document.id,
        "title": document.title,
        "kind": document.kind,
        "owner": owner.kind,
        "owner_id": getattr(document, owner.column),
        "href": api_path("documents", document.id),
        "file": api_path("documents", document.id) + "/file",
    }


def _pending(session: Session) -> dict[tuple[str, int], PendingEvent]:
    pending: dict[tuple[str, int], PendingEvent] = session.info.setdefault(PENDING_KEY, {})
    return pending


def _note_meeting(
    found: dict[tuple[str, int], PendingEvent], meeting: Meeting, created: bool
) -> None:
    if ("meeting", meeting.id) in found and not created:
        found[("meeting", meeting.id)].data = meeting_data(meeting)
        return
    kind = EventType.meeting_created if created else EventType.meeting_updated
    found[("meeting", meeting.id)] = PendingEvent(
        kind, "meeting", meeting.id, meeting_data(meeting)
    )


def _note_pledge(found: dict[tuple[str, int], PendingEvent], pledge: Pledge) -> None:
    history = inspect(pledge).attrs.status.history
    if not history.has_changes() or not history.deleted:
        return
    key = ("pledge", pledge.id)
    before = found[key].data["from_status"] if key in found else history.deleted[0]
    found[key] = PendingEvent(
        EventType.pledge_status_changed,
        "pledge",
        pledge.id,
        {
            "id": pledge.id,
            "text": pledge.text,
            "from_status": before,
            "to_status": pledge.status,
            "maker_organisation_id": pledge.maker_organisation_id,
            "recipient_organisation_id": pledge.recipient_organisation_id,
            "to_all_stakeholders": pledge.to_all_stakeholders,
            "due_date": pledge.due_date.isoformat() if pledge.due_date else None,
            "href": api_path("pledges", pledge.id),
        },
    )


@event.listens_for(Session, "after_flush")
def _collect(session: Session, _ctx: UOWTransaction) -> None:
    found = _pending(session)
    for obj in session.new:
        if isinstance(obj, Meeting):
            _note_meeting(found, obj, created=True)
        elif isinstance(obj, Document):
            found[("document", obj.id)] = PendingEvent(
                EventType.document_added, "document", obj.id, document_data(obj)
            )
    for obj in session.dirty:
        if isinstance(obj, Meeting) and session.is_modified(obj):
            _note_meeting(found, obj, created=False)
        elif isinstance(obj, Pledge):
            _note_pledge(found, obj)
    for obj in [*session.new, *session.deleted]:
        if isinstance(obj, Participant) and obj.meeting_id is not None:
            meeting = session.get(Meeting, obj.meeting_id)
            if meeting is not None and ("meeting", meeting.id) not in found:
                _note_meeting(found, meeting, created=False)


@event.listens_for(Session, "before_commit")
def _write(session: Session) -> None:
    session.flush()
    found = session.info.pop(PENDING_KEY, None)
    if found:
        enqueue(session.connection(), list(found.values()), now=utcnow())


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(PENDING_KEY, None)


def enqueue(connection: Connection, events: list[PendingEvent], *, now: datetime) -> int:
    """Write events and their deliveries; events whose dedupe key exists are skipped.
    Returns how many events were written."""
    keys = [e.dedupe_key for e in events if e.dedupe_key]
    if keys:
        seen = set(
            connection.scalars(
                select(OutboxEvent.dedupe_key).where(OutboxEvent.dedupe_key.in_(keys))
            )
        )
        events = [e for e in events if e.dedupe_key not in seen]
    if not events:
        return 0
    endpoints = connection.execute(
        select(WebhookEndpoint.id, WebhookEndpoint.events).where(WebhookEndpoint.active)
    ).all()
    for item in events:
        event_id = str(uuid.uuid4())
        payload = {
            "id": event_id,
            "type": item.event_type.value,
            "occurred_at": now.isoformat(),
            "data": item.data,
        }
        row_id = connection.execute(
            insert(OutboxEvent).returning(OutboxEvent.id),
            {
                "event_id": event_id,
                "event_type": item.event_type.value,
                "entity_type": item.entity_type,
                "entity_id": item.entity_id,
                "payload": payload,
                "occurred_at": now,
                "dedupe_key": item.dedupe_key,
                "created_at": now,
                "updated_at": now,
            },
        ).scalar_one()
        deliveries = [
            {
                "event_id": row_id,
                "endpoint_id": endpoint_id,
                "status": "pending",
                "attempts": 0,
                "next_attempt_at": now,
                "created_at": now,
                "updated_at": now,
            }
            for endpoint_id, wanted in endpoints
            if item.event_type.value in (wanted or [])
        ]
        if deliveries:
            connection.execute(insert(WebhookDelivery), deliveries)
    return len(events)
