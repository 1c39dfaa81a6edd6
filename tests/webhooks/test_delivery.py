"""Delivery to a real HTTP receiver on 127.0.0.1: signed, retried with backoff after
failures, recorded in a log an administrator can read, given up and retried by hand."""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import select

from app.config import Settings
from app.webhooks.delivery import backoff, deliver_due
from app.webhooks.models import WebhookAttempt, WebhookDelivery
from app.webhooks.service import register_endpoint
from app.worker import run_once
from tests.conftest import SECRET
from tests.webhooks.receiver import Receiver, running_receiver


def _settings(database_url: str, **overrides) -> Settings:
    values = {
        "webhook_retry_base_seconds": 0.05,
        "webhook_max_attempts": 3,
        "webhook_internal_hosts": "127.0.0.1",  # the test receiver, named as an admin would
        **overrides,
    }
    return Settings(database_url=database_url, secret_key=SECRET, **values)


def _subscribe(session, receiver: Receiver, events: list[str]) -> int:
    endpoint = register_endpoint(
        session, url=receiver.url, description="test", events=events, internal_hosts={"127.0.0.1"}
    )
    receiver.secret = endpoint.secret
    session.commit()
    return endpoint.id


def _until(condition, factory, settings, rounds: int = 40) -> None:
    for _ in range(rounds):
        run_once(factory, settings)
        if condition():
            return
        time.sleep(0.06)


def test_signed_delivery_with_retries_until_the_receiver_recovers(
    api, session, session_factory, database_url
):
    settings = _settings(database_url)
    with running_receiver(Receiver(fail_first=2)) as receiver:
        endpoint_id = _subscribe(session, receiver, ["meeting.created", "meeting.updated"])
        meeting = api.post(
            "/api/v1/meetings",
            json={"title": "Site visit to Lahore STZ", "kind": "site_visit", "date": "2026-11-21"},
        ).json()
        _until(lambda: receiver.received, session_factory, settings)

    assert receiver.answers == [500, 500, 200]
    (got,) = receiver.received
    assert got.signature_valid
    assert got.event_type == "meeting.created"
    assert got.attempt == 3
    assert got.body["data"]["id"] == meeting["id"]
    assert got.body["data"]["title"] == "Site visit to Lahore STZ"

    delivery = session.scalars(
        select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint_id)
    ).one()
    session.refresh(delivery)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 3, 200)
    attempts = session.scalars(
        select(WebhookAttempt)
        .where(WebhookAttempt.delivery_id == delivery.id)
        .order_by(WebhookAttempt.id)
    ).all()
    assert [a.status_code for a in attempts] == [500, 500, 200]
    gaps = [b.attempted_at - a.attempted_at for a, b in zip(attempts, attempts[1:], strict=False)]
    assert gaps[0] >= timedelta(seconds=0.05)
    assert gaps[1] >= timedelta(seconds=0.1)


def test_backoff_doubles_up_to_the_cap():
    settings = _settings("sqlite://", webhook_retry_base_seconds=30, webhook_retry_cap_seconds=3600)
    assert [backoff(settings, n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert backoff(settings, 20).total_seconds() == 3600


def test_a_receiver_that_never_answers_is_given_up_then_retried_by_an_admin(
    api, admin_client, session, session_factory, database_url
):
    settings = _settings(database_url, webhook_timeout_seconds=1)
    with running_receiver(Receiver(fail_first=1000)) as receiver:
        endpoint_id = _subscribe(session, receiver, ["meeting.created"])
        api.post(
            "/api/v1/meetings", json={"title": "Unlucky call", "kind": "call", "date": "2026-11-21"}
        )
        _until(lambda: len(receiver.answers) >= 3, session_factory, settings)
        time.sleep(0.1)
        run_once(session_factory, settings)  # nothing more: it has given up
        assert receiver.answers == [500, 500, 500]

    page = admin_client.get(f"/admin/webhooks/{endpoint_id}?status=failed")
    assert "Unlucky call" not in page.text  # the log shows events, not their content
    assert "meeting.created" in page.text
    assert "HTTP 500" in page.text
    delivery = session.scalars(
        select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint_id)
    ).one()
    retried = admin_client.post_form(f"/admin/webhooks/deliveries/{delivery.id}/retry")
    assert retried.status_code == 303
    session.refresh(delivery)
    assert (delivery.status, delivery.attempts) == ("pending", 0)
    overview = admin_client.get("/admin/webhooks")
    assert receiver.url in overview.text


def test_unreachable_receiver_is_recorded_not_raised(session, session_factory, database_url):
    settings = _settings(database_url, webhook_timeout_seconds=0.5)
    receiver = Receiver()
    receiver.url = "http://127.0.0.1:9/nothing-listens-here"
    _subscribe(session, receiver, ["follow_up.due"])
    from app.db import utcnow
    from app.webhooks.models import EventType
    from app.webhooks.outbox import PendingEvent, enqueue

    enqueue(
        session.connection(),
        [PendingEvent(EventType.follow_up_due, "follow_up", 1, {})],
        now=utcnow(),
    )
    session.commit()
    assert deliver_due(session_factory, settings, worker="test") == 1
    attempt = session.scalars(select(WebhookAttempt).order_by(WebhookAttempt.id.desc())).first()
    assert attempt.status_code is None
    assert "ConnectError" in attempt.error


def test_admin_registers_an_endpoint_and_sees_its_secret_once(admin_client):
    page = admin_client.post_form(
        "/admin/webhooks",
        {
            "url": "https://portal.example.org/engage",
            "events": ["meeting.created", "follow_up.due"],
        },
    )
    assert page.status_code == 200
    assert "whsec_" in page.text
    assert "portal.example.org/engage" in page.text
    assert "whsec_" not in admin_client.get("/admin/webhooks").text
    bad = admin_client.post_form("/admin/webhooks", {"url": "ftp://x", "description": "typed"})
    assert bad.status_code == 422
    assert "starting with https://" in bad.text
    assert "at least one event" in bad.text
    assert 'value="typed"' in bad.text  # what was typed is kept
