"""The two doors a write comes in by, driven as their users drive them: a page's own form
(submitted as a browser would) and the JSON API (as another system would). Each returns
the refusal as {command field: message}, so a rule can be shown to say the same words
about the same field whichever door the command came by."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit.models import AuditEvent
from app.commitment.models import ActionItem, FollowUp, Pledge
from app.contact.models import Affiliation, Contact
from app.organisation.models import Organisation, OrganisationAlias
from app.topic.models import Topic
from tests.browser_forms import submit

_ERROR = re.compile(r'<p class="error" id="error-([^"]+)">(.*?)</p>', re.S)
WRITTEN = (
    Organisation,
    OrganisationAlias,
    Contact,
    Affiliation,
    Topic,
    Pledge,
    ActionItem,
    FollowUp,
    AuditEvent,
)


def form_refusal(
    client: Any,
    page: str,
    typed: Mapping[str, str],
    *,
    names: Mapping[str, str] | None = None,
    **which: str,
) -> dict[str, str]:
    """Fills the page's form, submits it, and reads the message beside each field; a form
    field that holds a name (parent) is reported as the command field (parent_id)."""
    response = submit(client, page, **which, **typed)
    assert response.status_code == 422, response.text[:2000]
    return {
        (names or {}).get(field, field): html.unescape(message).strip()
        for field, message in _ERROR.findall(response.text)
    }


def api_refusal(api: Any, method: str, url: str, body: dict[str, Any]) -> dict[str, str]:
    headers = {}
    if method == "PATCH":
        headers["If-Match"] = api.get(url).headers["etag"]
    response = api.request(method, url, json=body, headers=headers)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    return {e["field"]: e["message"] for e in response.json()["errors"]}


def api_write(api: Any, method: str, url: str, body: dict[str, Any]) -> dict[str, Any]:
    headers = {}
    if method == "PATCH":
        headers["If-Match"] = api.get(url).headers["etag"]
    response = api.request(method, url, json=body, headers=headers)
    assert response.status_code in (200, 201), response.text
    return response.json()


def everything(session: Session, models: Iterable[type] = WRITTEN) -> dict[str, list[tuple]]:
    """Every row of the tables a write could touch, as plain values."""
    session.expire_all()
    found = {}
    for model in models:
        columns = [c.key for c in model.__mapper__.column_attrs]
        stmt = select(model).order_by(model.id)
        if model is AuditEvent:
            # A creating form's page draws a one-time token (app.submissions): not a write.
            stmt = stmt.where(AuditEvent.entity_type != "form_submission")
        rows = session.scalars(stmt).all()
        found[model.__name__] = [tuple(repr(getattr(r, c)) for c in columns) for r in rows]
    return found


def row(record: Any, *, leave_out: Iterable[str] = ()) -> dict[str, Any]:
    """A record's columns, less those that differ between any two writes (ids, times)."""
    skip = {"id", "created_at", "updated_at", *leave_out}
    return {
        c.key: getattr(record, c.key) for c in record.__mapper__.column_attrs if c.key not in skip
    }
