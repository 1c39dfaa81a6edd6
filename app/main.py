"""The application factory."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy.orm import Session, sessionmaker
from starlette.requests import Request
from starlette.responses import Response

import app.models  # noqa: F401  (registers every mapper and the audit listeners)
from app.config import PROJECT_ROOT, Settings, get_settings
from app.contact.routes import router as contact_router
from app.dashboard.routes import router as dashboard_router
from app.db import make_engine, make_session_factory
from app.errors import install_error_handlers
from app.meeting.routes import router as meeting_router
from app.organisation.routes import router as organisation_router

STATIC_DIR = PROJECT_ROOT / "app" / "static"

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def create_app(
    settings: Settings | None = None, session_factory: sessionmaker[Session] | None = None
) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(title="Engage", version="0.1.0", docs_url="/api/docs", redoc_url=None)
    app.state.settings = settings
    app.state.session_factory = session_factory or make_session_factory(
        make_engine(settings.database_url, echo=settings.sql_echo)
    )
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for router in (dashboard_router, meeting_router, organisation_router, contact_router):
        app.include_router(router)
    install_error_handlers(app)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        response: Response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return app
