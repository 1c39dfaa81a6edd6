"""Admin pages: webhook endpoints, their delivery log, and the state of e-mail reminders."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from app.auth.guard import require_admin
from app.deps import SessionDep
from app.errors import FormInvalid, NotFound
from app.listing import paginate
from app.web import flash, render
from app.webhooks import service
from app.webhooks.delivery import retry_now
from app.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from app.webhooks.targets import internal_hosts

router = APIRouter(prefix="/admin/webhooks", dependencies=[Depends(require_admin)])


def _overview(
    request: Request,
    session: Session,
    *,
    errors: dict[str, str] | None = None,
    form: dict[str, Any] | None = None,
    created: WebhookEndpoint | None = None,
    status_code: int = 200,
) -> Response:
    settings = request.app.state.settings
    return render(
        request,
        "webhooks/index.html",
        {
            "endpoints": service.endpoints_with_counts(session),
            "event_descriptions": service.EVENT_DESCRIPTIONS,
            "errors": errors or {},
            "form": form or {"events": []},
            "created": created,
            "mail_configured": bool(settings.smtp_host),
            "settings": settings,
            "digests": service.recent_digests(session),
            "active_nav": "admin",
        },
        status_code=status_code,
    )


@router.get("", name="admin_webhooks")
def overview(request: Request, session: SessionDep) -> Response:
    return _overview(request, session)


@router.post("")
async def register(request: Request, session: SessionDep) -> Response:
    form = await request.form()
    url = str(form.get("url") or "")[:2000]
    description = str(form.get("description") or "")[:2000]
    events = [str(e) for e in form.getlist("events")][:20]
    data = {"url": url, "description": description, "events": events}
    allowed = internal_hosts(request.app.state.settings.webhook_internal_hosts)
    try:
        endpoint = service.register_endpoint(
            session, url=url, description=description, events=events, internal_hosts=allowed
        )
    except FormInvalid as exc:
        return _overview(request, session, errors=exc.errors, form=data, status_code=422)
    return _overview(request, session, created=endpoint)


def _endpoint(session: Session, endpoint_id: int) -> WebhookEndpoint:
    endpoint = session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None:
        raise NotFound("There is no such webhook endpoint.")
    return endpoint


@router.get("/{endpoint_id}", name="admin_webhook")
def endpoint_log(
    request: Request,
    session: SessionDep,
    endpoint_id: int,
    status: Annotated[str | None, Query(pattern="^(pending|sending|delivered|failed)$")] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    endpoint = _endpoint(session, endpoint_id)
    deliveries = paginate(session, service.deliveries_stmt(endpoint.id, status), page, 25)
    deliveries.query_args = {"status": status} if status else {}
    return render(
        request,
        "webhooks/endpoint.html",
        {
            "endpoint": endpoint,
            "page": deliveries,
            "status": status,
            "statuses": [s.value for s in DeliveryStatus],
            "active_nav": "admin",
        },
    )


@router.post("/{endpoint_id}/toggle", name="admin_webhook_toggle")
def toggle(request: Request, session: SessionDep, endpoint_id: int) -> Response:
    endpoint = _endpoint(session, endpoint_id)
    endpoint.active = not endpoint.active
    flash(request, "Endpoint resumed." if endpoint.active else "Endpoint paused: no new events.")
    return RedirectResponse(request.url_for("admin_webhook", endpoint_id=endpoint_id), 303)


@router.post("/deliveries/{delivery_id}/retry", name="admin_webhook_retry")
def retry(request: Request, session: SessionDep, delivery_id: int) -> Response:
    delivery = session.get(WebhookDelivery, delivery_id)
    if delivery is None:
        raise NotFound("There is no such delivery.")
    retry_now(delivery)
    flash(request, "The delivery will be tried again by the worker.")
    return RedirectResponse(
        request.url_for("admin_webhook", endpoint_id=delivery.endpoint_id), status_code=303
    )
