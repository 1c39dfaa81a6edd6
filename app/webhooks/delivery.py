"""Delivering webhook events: claim due deliveries, POST them signed, record the outcome,
retry with exponential backoff.

A claim is a short transaction (SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL; on
SQLite the write lock serialises claims) that marks deliveries as `sending` until a lease
expires. The HTTP request happens outside any transaction. So several workers can run at
once and each delivery goes to exactly one of them; if a worker dies mid-send, the lease
runs out and another worker tries again.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.db import unit_of_work, utcnow
from app.webhooks.models import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from app.webhooks.signing import SIGNATURE_HEADER, signature_header
from app.webhooks.targets import UnsafeTarget, internal_hosts, resolve

log = logging.getLogger("engage.webhooks")

USER_AGENT = "Engage-Webhooks/1"
BATCH = 20


@dataclass(frozen=True)
class Claimed:
    """What a worker needs to send one delivery, copied out of the claim transaction."""

    delivery_id: int
    url: str
    secret: str
    event_id: str
    event_type: str
    body: bytes
    attempt: int


def backoff(settings: Settings, attempts: int) -> timedelta:
    """Wait before the next try after `attempts` failed tries: base, 2×base, 4×base …"""
    delay = settings.webhook_retry_base_seconds * (2 ** max(0, attempts - 1))
    return timedelta(seconds=min(delay, settings.webhook_retry_cap_seconds))


def _due(now: datetime) -> ColumnElement[bool]:
    return or_(
        and_(
            WebhookDelivery.status == DeliveryStatus.pending.value,
            WebhookDelivery.next_attempt_at <= now,
        ),
        and_(
            WebhookDelivery.status == DeliveryStatus.sending.value,
            WebhookDelivery.locked_until < now,
        ),
    )


def claim(session: Session, settings: Settings, *, limit: int = BATCH) -> list[Claimed]:
    now = utcnow()
    lease = timedelta(seconds=settings.webhook_timeout_seconds * 3 + 30)
    stmt = (
        select(WebhookDelivery)
        .where(_due(now))
        .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    deliveries = session.scalars(stmt).all()
    if not deliveries:
        return []
    from app.webhooks.models import OutboxEvent

    events = {
        e.id: e
        for e in session.scalars(
            select(OutboxEvent).where(OutboxEvent.id.in_({d.event_id for d in deliveries}))
        )
    }
    endpoints = {
        e.id: e
        for e in session.scalars(
            select(WebhookEndpoint).where(
                WebhookEndpoint.id.in_({d.endpoint_id for d in deliveries})
            )
        )
    }
    claimed = []
    for delivery in deliveries:
        delivery.status = DeliveryStatus.sending.value
        delivery.locked_until = now + lease
        delivery.attempts += 1
        event, endpoint = events[delivery.event_id], endpoints[delivery.endpoint_id]
        claimed.append(
            Claimed(
                delivery_id=delivery.id,
                url=endpoint.url,
                secret=endpoint.secret,
                event_id=event.event_id,
                event_type=event.event_type,
                body=json.dumps(event.payload, separators=(",", ":"), sort_keys=True).encode(),
                attempt=delivery.attempts,
            )
        )
    return claimed


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    error: str | None
    duration_ms: int

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def send(client: httpx.Client, item: Claimed, allowed: Collection[str] = ()) -> Outcome:
    """POST one delivery to the address its URL resolves to now, once that address is
    checked (app.webhooks.targets). The log keeps the status and the time taken, never
    the body of what answered (it is not even read)."""
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Engage-Event": item.event_type,
        "Engage-Event-Id": item.event_id,
        "Engage-Delivery": str(item.delivery_id),
        "Engage-Attempt": str(item.attempt),
        SIGNATURE_HEADER: signature_header(item.secret, item.body),
    }
    started = time.monotonic()
    try:
        target = resolve(item.url, allowed)
    except UnsafeTarget as exc:
        return Outcome(None, f"Refused: {exc}"[:1000], _ms(started))
    headers["Host"] = target.host_header
    # TLS is checked against the receiver's name, while the connection goes to the
    # address checked above.
    extensions = {"sni_hostname": target.host} if target.url.startswith("https:") else {}
    try:
        with client.stream(
            "POST", target.url, content=item.body, headers=headers, extensions=extensions
        ) as response:
            status = response.status_code
    except httpx.HTTPError as exc:
        return Outcome(None, f"{type(exc).__name__}: {exc}"[:1000], _ms(started))
    error = None if 200 <= status < 300 else f"HTTP {status}"
    return Outcome(status, error, _ms(started))


def _ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


def record(
    session: Session, settings: Settings, item: Claimed, outcome: Outcome, worker: str
) -> None:
    delivery = session.get_one(WebhookDelivery, item.delivery_id)
    now = utcnow()
    session.add(
        WebhookAttempt(
            delivery_id=delivery.id,
            attempted_at=now,
            status_code=outcome.status_code,
            error=outcome.error,
            duration_ms=outcome.duration_ms,
            worker=worker,
        )
    )
    delivery.last_status_code, delivery.last_error = outcome.status_code, outcome.error
    delivery.locked_until = None
    if outcome.ok:
        delivery.status, delivery.delivered_at = DeliveryStatus.delivered.value, now
    elif delivery.attempts >= settings.webhook_max_attempts:
        delivery.status = DeliveryStatus.failed.value
        log.warning(
            "Gave up on webhook delivery %s after %s attempts", delivery.id, delivery.attempts
        )
    else:
        delivery.status = DeliveryStatus.pending.value
        delivery.next_attempt_at = now + backoff(settings, delivery.attempts)


def deliver_due(factory: sessionmaker[Session], settings: Settings, *, worker: str) -> int:
    """One round: claim a batch, send each, record each. Returns how many were tried."""
    with unit_of_work(factory) as session:
        batch = claim(session, settings)
    if not batch:
        return 0
    allowed = internal_hosts(settings.webhook_internal_hosts)
    with httpx.Client(timeout=settings.webhook_timeout_seconds, follow_redirects=False) as client:
        for item in batch:
            outcome = send(client, item, allowed)
            with unit_of_work(factory) as session:
                record(session, settings, item, outcome, worker)
    return len(batch)


def retry_now(delivery: WebhookDelivery) -> None:
    """An administrator's retry of a failed delivery: a fresh round of attempts."""
    delivery.status = DeliveryStatus.pending.value
    delivery.attempts = 0
    delivery.next_attempt_at = utcnow()
    delivery.locked_until = None
