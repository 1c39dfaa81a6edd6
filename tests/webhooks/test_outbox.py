"""Events are written with the change that caused them, and only then."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from app.account.service import find_user_by_email
from app.commitment.models import ActionItem
from app.webhooks.models import OutboxEvent, WebhookDelivery
from app.webhooks.scan import announce_due_items
from app.webhooks.service import register_endpoint


def _events(session, event_type: str) -> list[OutboxEvent]:
    stmt = select(OutboxEvent).where(OutboxEvent.event_type == event_type).order_by(OutboxEvent.id)
    return list(session.scalars(stmt))


def test_meeting_saved_through_the_api_writes_one_event_and_its_deliveries(api, session):
    endpoint = register_endpoint(
        session, url="https://example.org/hook", description="", events=["meeting.created"]
    )
    other = register_endpoint(
        session, url="https://example.org/other", description="", events=["pledge.status_changed"]
    )
    session.commit()
    before = len(_events(session, "meeting.created"))
    created = api.post(
        "/api/v1/meetings",
        json={"title": "Call with Ignite", "kind": "call", "date": "2026-11-20"},
    ).json()
    events = _events(session, "meeting.created")
    assert len(events) == before + 1
    event = events[-1]
    assert event.entity_id == created["id"]
    assert event.payload["data"]["title"] == "Call with Ignite"
    assert event.payload["data"]["href"] == f"/api/v1/meetings/{created['id']}"
    deliveries = session.scalars(
        select(WebhookDelivery).where(WebhookDelivery.event_id == event.id)
    ).all()
    assert [d.endpoint_id for d in deliveries] == [endpoint.id]  # not the other endpoint
    assert other.id not in [d.endpoint_id for d in deliveries]


def test_refused_change_leaves_no_event(api, session):
    before = session.scalar(select(func.count()).select_from(OutboxEvent))
    refused = api.post(
        "/api/v1/meetings", json={"title": "Bad", "kind": "call", "topic_ids": [99999]}
    )
    assert refused.status_code == 422
    assert session.scalar(select(func.count()).select_from(OutboxEvent)) == before


def test_pledge_status_change_event_says_from_and_to(api, session):
    pledge = api.get("/api/v1/pledges", params={"status": "open"}).json()["items"][0]
    etag = api.get(f"/api/v1/pledges/{pledge['id']}").headers["etag"]
    changed = api.post(
        f"/api/v1/pledges/{pledge['id']}/status",
        json={"status": "in_progress", "note": "Work started"},
        headers={"If-Match": etag},
    )
    assert changed.status_code == 200, changed.text
    event = _events(session, "pledge.status_changed")[-1]
    assert event.entity_id == pledge["id"]
    assert (event.payload["data"]["from_status"], event.payload["data"]["to_status"]) == (
        "open",
        "in_progress",
    )


def test_overdue_action_is_announced_once_per_due_date(session):
    owner = find_user_by_email(session, "editor@example.org")
    today = date(2026, 11, 22)
    action = ActionItem(text="Send MoU draft", owner_id=owner.id, due_date=today - timedelta(1))
    session.add(action)
    session.flush()
    announce_due_items(session, today)
    announce_due_items(session, today)  # a second scan (or worker) adds nothing
    mine = [e for e in _events(session, "action_item.overdue") if e.entity_id == action.id]
    assert len(mine) == 1
    assert mine[0].payload["data"]["due_date"] == "2026-11-21"
    action.due_date = today - timedelta(days=2)  # a new due date is a new fact
    session.flush()
    announce_due_items(session, today)
    mine = [e for e in _events(session, "action_item.overdue") if e.entity_id == action.id]
    assert len(mine) == 2
