"""Archive and restore: nothing is hard-deleted. One mechanism for every domain: the
service functions, and `add_archive_routes`, which gives a domain its two POST routes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from app.auth.guard import AdminUser, EditorUser
from app.db import TrackedMixin, utcnow
from app.deps import SessionDep
from app.errors import Conflict
from app.web import flash


def archive(record: TrackedMixin) -> None:
    if record.archived_at is not None:
        raise Conflict("This record is already archived.")
    record.archived_at = utcnow()


def restore(record: TrackedMixin) -> None:
    if record.archived_at is None:
        raise Conflict("This record is not archived.")
    record.archived_at = None


def add_archive_routes(
    router: APIRouter,
    *,
    collection: str,
    noun: str,
    load: Callable[[Session, int], Any],
    detail_route: str,
    id_param: str,
    archiver: Callable[[Session, Any], Any] | None = None,
    restorer: Callable[[Session, Any], Any] | None = None,
) -> None:
    """POST /<collection>/{id}/archive (editors) and /restore (admins), each returning to
    the record's page with a message. A domain whose archiving has rules of its own
    passes the service functions that hold them as `archiver` and `restorer`."""
    archiver = archiver or (lambda _session, record: archive(record))
    restorer = restorer or (lambda _session, record: restore(record))

    def back(request: Request, record_id: int, message: str) -> Response:
        flash(request, message)
        url = request.url_for(detail_route, **{id_param: record_id})
        return RedirectResponse(url, status_code=303)

    @router.post(f"/{collection}/{{record_id}}/archive", name=f"{noun}_archive")
    def archive_record(
        request: Request, session: SessionDep, _user: EditorUser, record_id: int
    ) -> Response:
        archiver(session, load(session, record_id))
        return back(
            request, record_id, f"{noun.capitalize()} archived. An administrator can restore it."
        )

    @router.post(f"/{collection}/{{record_id}}/restore", name=f"{noun}_restore")
    def restore_record(
        request: Request, session: SessionDep, _user: AdminUser, record_id: int
    ) -> Response:
        restorer(session, load(session, record_id))
        return back(request, record_id, f"{noun.capitalize()} restored.")
