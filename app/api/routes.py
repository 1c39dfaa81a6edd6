"""The API's routes (every resource under /api/v1/) and the page where staff manage
their API tokens."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from app.api import tokens
from app.api.resource import resource_router
from app.auth.guard import CurrentUser
from app.commitment.api import (
    action_item_resource,
    follow_up_resource,
    pledge_resource,
    pledge_status_router,
)
from app.contact.api import affiliation_resource, contact_resource
from app.deps import SessionDep
from app.document.api import document_resource
from app.document.api import upload_router as document_upload_router
from app.errors import FormInvalid
from app.meeting.api import meeting_resource
from app.organisation.api import organisation_resource
from app.topic.api import topic_resource
from app.web import flash, render

RESOURCES = (
    organisation_resource,
    contact_resource,
    affiliation_resource,
    meeting_resource,
    topic_resource,
    pledge_resource,
    action_item_resource,
    follow_up_resource,
    document_resource,
)


def api_routers() -> list[APIRouter]:
    # The status route comes first: /pledges/{id}/status is more specific than /{id}.
    return [
        pledge_status_router(),
        document_upload_router,
        *(resource_router(r) for r in RESOURCES),
    ]


pages = APIRouter(tags=["api tokens"])


def _tokens_page(
    request: Request, session: SessionDep, user: CurrentUser, **context: object
) -> Response:
    context.setdefault("errors", {})
    context.setdefault("new_secret", None)
    context.setdefault("name", "")
    return render(
        request,
        "api/tokens.html",
        {"tokens": tokens.tokens_of(session, user.id), **context},
        status_code=422 if context["errors"] else 200,
    )


@pages.get("/account/tokens", name="api_tokens")
def tokens_page(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    return _tokens_page(request, session, user)


@pages.post("/account/tokens")
def create_token(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    name: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    try:
        token, secret = tokens.issue_api_token(session, user, name)
    except FormInvalid as exc:
        return _tokens_page(request, session, user, errors=exc.errors, name=name)
    return _tokens_page(request, session, user, new_secret=secret, new_token=token)


@pages.post("/account/tokens/{token_id}/revoke", name="api_token_revoke")
def revoke_token(
    request: Request, session: SessionDep, user: CurrentUser, token_id: int
) -> Response:
    token = tokens.revoke_api_token(session, user.id, token_id)
    flash(request, f"The token “{token.name}” no longer works.")
    return RedirectResponse(request.url_for("api_tokens"), status_code=303)
