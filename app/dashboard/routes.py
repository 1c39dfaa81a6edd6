"""The home page and the health check."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text
from starlette.responses import Response

from app.commitment.queries import open_pledges
from app.deps import SessionDep
from app.meeting.queries import recent_meetings
from app.web import render

router = APIRouter(tags=["dashboard"])


@router.get("/", name="home")
def home(request: Request, session: SessionDep) -> Response:
    return render(
        request,
        "dashboard/home.html",
        {
            "meetings": recent_meetings(session),
            "pledges": open_pledges(session),
            "active_nav": "home",
        },
    )


@router.get("/healthz", name="healthz")
def healthz(session: SessionDep) -> Response:
    try:
        session.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - a health check reports, never raises
        return JSONResponse({"status": "error", "database": str(exc)}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"})
