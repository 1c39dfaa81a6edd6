"""The application factory."""

from __future__ import annotations

from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.staticfiles import StaticFiles
from sqlalchemy.orm import Session, sessionmaker
from starlette.middleware.sessions import SessionMiddleware
from starlette.responses import JSONResponse, Response

import app.models  # noqa: F401  (registers every mapper and the audit listeners)
from app.admin.routes import router as admin_router
from app.aggregates import AggregateCache
from app.api.routes import api_routers
from app.api.routes import pages as api_token_pages
from app.auth.guard import authenticate, csrf_guard
from app.auth.routes import router as auth_router
from app.bounds import bounded_address
from app.briefing.routes import router as briefing_router
from app.calendar.routes import router as calendar_router
from app.commitment.edit_routes import router as commitment_edit_router
from app.commitment.routes import router as commitment_router
from app.config import PROJECT_ROOT, Settings, get_settings
from app.contact.form_routes import router as contact_form_router
from app.contact.privacy_routes import router as privacy_router
from app.contact.routes import router as contact_router
from app.dashboard.routes import router as dashboard_router
from app.db import make_engine, make_session_factory
from app.document.routes import router as document_router
from app.errors import install_error_handlers
from app.feeds.routes import router as feeds_router
from app.imports.routes import router as imports_router
from app.ingest.routes import router as ingest_router
from app.meeting.form_routes import router as meeting_form_router
from app.meeting.routes import router as meeting_router
from app.middleware import RequestSizeLimit, SecurityHeaders
from app.organisation.form_routes import router as organisation_form_router
from app.organisation.routes import router as organisation_router
from app.report.routes import router as report_router
from app.search.routes import router as search_router
from app.secret_key import shared_secret
from app.shared_pages import SharedPages
from app.threads import PageSlots, lifespan
from app.web import csrf_placeholder, render
from app.webhooks.routes import router as webhooks_router

STATIC_DIR = PROJECT_ROOT / "app" / "static"

ROUTERS = (
    auth_router,
    dashboard_router,
    meeting_form_router,  # before meeting_router: /meetings/new is not an id
    feeds_router,  # before meeting_router: /meetings/1.ics is not an id
    meeting_router,
    organisation_form_router,
    organisation_router,
    contact_form_router,
    contact_router,
    commitment_edit_router,
    commitment_router,
    document_router,
    search_router,
    calendar_router,
    report_router,
    briefing_router,
    imports_router,
    ingest_router,
    webhooks_router,  # before admin_router: /admin/webhooks is its own page
    admin_router,
    privacy_router,
    api_token_pages,
)


OPENAPI_URL = "/api/v1/openapi.json"

API_DESCRIPTION = """Engagement records for other systems of the authority.

Authenticate with `Authorization: Bearer <token>` (create tokens under Account → API tokens,
or `engage token create`). A token acts with its user's role: viewers read, editors also
write, administrators also restore records and change topics.

Every record carries a `version`, returned as its `ETag`. Updates (PATCH) must send it back
in `If-Match`: if someone changed the record since, the update is refused with 412 and
nothing is lost. Errors are RFC 9457 problem details (`application/problem+json`).
"""


def create_app(
    settings: Settings | None = None, session_factory: sessionmaker[Session] | None = None
) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="Engage",
        version="0.1.0",
        description=API_DESCRIPTION,
        # /api/docs is drawn by api_docs below, from the app's own copy of Swagger UI.
        docs_url=None,
        # Served by api_document below, behind sign-in like every page (FastAPI's own
        # route would sit outside the app's dependencies, open to anyone).
        openapi_url=None,
        redoc_url=None,
        # Every route is guarded: CSRF on state changes, and a signed-in user everywhere
        # except the login page and the health check (static files are a mount, outside);
        # ids too large for any record are 404 and NUL in the query is 400 (app.bounds).
        dependencies=[Depends(csrf_guard), Depends(authenticate), Depends(bounded_address)],
        lifespan=lifespan(settings.page_threads, settings.file_threads),
    )
    app.state.settings = settings
    app.state.session_factory = session_factory or make_session_factory(
        make_engine(settings.database_url, echo=settings.sql_echo, serving=True)
    )
    # No cache (ENGAGE_PAGE_CACHE=0): readers' sessions get none, so every kept figure,
    # fragment and list count is computed afresh (app.aggregates.kept).
    # A server's workers also share rendered pages when it gives them a folder (`engage
    # serve --workers N` does): each page is then built once per change, not per worker.
    shared = SharedPages(Path(settings.shared_pages_dir)) if settings.shared_pages_dir else None
    app.state.aggregates = AggregateCache(shared=shared) if settings.page_cache else None
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    # The OpenAPI document describes the JSON API only; the pages are for people.
    for router in ROUTERS:
        app.include_router(router, include_in_schema=False)
    for router in api_routers():
        app.include_router(router)

    @app.get("/api/docs", include_in_schema=False, name="api_docs")
    def api_docs(request: Request) -> Response:
        return render(request, "api/docs.html", {"openapi_url": OPENAPI_URL})

    @app.get(OPENAPI_URL, include_in_schema=False, name="api_document")
    def api_document() -> JSONResponse:
        return JSONResponse(app.openapi())

    install_error_handlers(app)
    # Configured, or the install's own, the same for every process (app.secret_key).
    secret_key = settings.secret_key or shared_secret(app.state.session_factory)
    app.state.csrf_placeholder = csrf_placeholder(secret_key)
    app.add_middleware(PageSlots)  # innermost: requests queue here, before any session
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret_key,
        session_cookie="engage_session",
        max_age=settings.session_max_age_seconds,
        same_site="lax",
    )
    app.add_middleware(RequestSizeLimit, max_bytes=settings.max_upload_bytes)
    app.add_middleware(SecurityHeaders)
    return app
