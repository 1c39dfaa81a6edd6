"""Events that come from the passing of time rather than from a change: an action item
becoming overdue, a follow-up falling due. Each happens once per item and due date (the
outbox's dedupe key), however often and by however many workers the scan runs; moving
the due date makes it happen again for the new date."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.commitment.models import (
    ActionItem,
    FollowUp,
    FollowUpStatus,
    action_is_open,
)
from app.db import utcnow
from app.webhooks.models import EventType
from app.webhooks.outbox import PendingEvent, api_path, enqueue

# Look back this far only: an install that starts the worker for the first time should
# not announce years of old overdue items.
LOOKBACK_DAYS = 30


def _overdue_actions(session: Session, today: date) -> list[PendingEvent]:
    stmt = select(ActionItem).where(
        ActionItem.archived_at.is_(None),
        action_is_open(),
        ActionItem.due_date < today,
        ActionItem.due_date >= date.fromordinal(today.toordinal() - LOOKBACK_DAYS),
    )
    return [
        PendingEvent(
            EventType.action_item_overdue,
            "action_item",
            item.id,
            {
                "id": item.id,
                "text": item.text,
                "due_date": item.due_date.isoformat(),
                "owner_id": item.owner_id,
                "organisation_id": item.organisation_id,
                "meeting_id": item.meeting_id,
                "href": api_path("action-items", item.id),
            },
            dedupe_key=f"action_item.overdue:{item.id}:{item.due_date.isoformat()}",
        )
        for item in session.scalars(stmt)
        if item.due_date is not None
    ]


def _due_follow_ups(session: Session, today: date) -> list[PendingEvent]:
    stmt = select(FollowUp).where(
        FollowUp.archived_at.is_(None),
        FollowUp.status == FollowUpStatus.due.value,
        FollowUp.due_date <= today,
        FollowUp.due_date >= date.fromordinal(today.toordinal() - LOOKBACK_DAYS),
    )
    return [
        PendingEvent(
            EventType.follow_up_due,
            "follow_up",
            item.id,
            {
                "id": item.id,
                "purpose": item.purpose,
                "due_date": item.due_date.isoformat(),
                "channel": item.channel,
                "owner_id": item.owner_id,
                "organisation_id": item.organisation_id,
                "contact_id": item.contact_id,
                "href": api_path("follow-ups", item.id),
            },
            dedupe_key=f"follow_up.due:{item.id}:{item.due_date.isoformat()}",
        )
        for item in session.scalars(stmt)
    ]


def announce_due_items(session: Session, today: date) -> int:
    events = _overdue_actions(session, today) + _due_follow_ups(session, today)
    return enqueue(session.connection(), events, now=utcnow()) if events else 0
