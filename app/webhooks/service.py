"""Registering webhook endpoints, and the queries behind the admin pages."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from app.errors import FormInvalid
from app.forms import clean_text
from app.reminders.models import DigestLog
from app.secrets import new_secret
from app.webhooks.models import EventType, WebhookDelivery, WebhookEndpoint
from app.webhooks.targets import UnsafeTarget, check_url

EVENT_DESCRIPTIONS = {
    EventType.meeting_created: "A meeting was logged",
    EventType.meeting_updated: "A meeting was changed (details, participants or topics)",
    EventType.pledge_status_changed: "A pledge moved to a new status",
    EventType.action_item_overdue: "An action item passed its due date",
    EventType.follow_up_due: "A follow-up fell due",
    EventType.document_added: "A document was added to a meeting, organisation, person or pledge",
}


def register_endpoint(
    session: Session,
    *,
    url: str,
    description: str,
    events: list[str],
    internal_hosts: Collection[str] = (),
) -> WebhookEndpoint:
    """`internal_hosts`: hosts an administrator allows on a private network (settings)."""
    errors = {}
    try:
        url, description = clean_text(url), clean_text(description)
    except ValueError as exc:
        raise FormInvalid({"url": str(exc).capitalize() + "."}) from exc
    try:
        check_url(url, internal_hosts)
    except UnsafeTarget as exc:
        errors["url"] = str(exc)
    known = {e.value for e in EventType}
    chosen = [e for e in dict.fromkeys(events) if e in known]
    if not chosen:
        errors["events"] = "Choose at least one event to send."
    if len(description) > 300:
        errors["description"] = "Use at most 300 characters."
    if errors:
        raise FormInvalid(errors)
    endpoint = WebhookEndpoint(
        url=url, description=description or None, secret=new_secret("whsec_"), events=chosen
    )
    session.add(endpoint)
    session.flush()
    return endpoint


def endpoints_with_counts(session: Session) -> list[tuple[WebhookEndpoint, dict[str, int]]]:
    endpoints = session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id)).all()
    counts: dict[int, dict[str, int]] = {e.id: {} for e in endpoints}
    rows = session.execute(
        select(WebhookDelivery.endpoint_id, WebhookDelivery.status, func.count()).group_by(
            WebhookDelivery.endpoint_id, WebhookDelivery.status
        )
    ).all()
    for endpoint_id, status, n in rows:
        counts.setdefault(endpoint_id, {})[status] = n
    return [(e, counts[e.id]) for e in endpoints]


def deliveries_stmt(endpoint_id: int, status: str | None) -> Select[Any]:
    stmt = (
        select(WebhookDelivery)
        .where(WebhookDelivery.endpoint_id == endpoint_id)
        .options(selectinload(WebhookDelivery.event), selectinload(WebhookDelivery.attempt_log))
        .order_by(WebhookDelivery.id.desc())
    )
    if status:
        stmt = stmt.where(WebhookDelivery.status == status)
    return stmt


def recent_digests(session: Session, limit: int = 20) -> list[DigestLog]:
    stmt = (
        select(DigestLog)
        .options(selectinload(DigestLog.user))
        .order_by(DigestLog.digest_date.desc(), DigestLog.id.desc())
    )
    return list(session.scalars(stmt.limit(limit)))
