"""The home dashboard and the health check."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text
from starlette.responses import Response

from app.commitment.queries import open_pledges
from app.dashboard import queries
from app.deps import SessionDep
from app.meeting.queries import recent_meetings
from app.organisation.health import going_cold
from app.web import render, today

router = APIRouter(tags=["dashboard"])


@router.get("/", name="home")
def home(request: Request, session: SessionDep) -> Response:
    day = today()
    year_ago = day - timedelta(days=365)
    cold_total, cold = going_cold(session, day)
    cache = request.app.state.aggregates

    def aggregate(name: str, compute):  # type: ignore[no-untyped-def]
        return cache.get(session, (name, day), compute)

    return render(
        request,
        "dashboard/home.html",
        {
            "figures": aggregate("figures", lambda: queries.figures(session, day)),
            "cold_total": cold_total,
            "cold": cold,
            "upcoming": queries.upcoming_meetings(session, day),
            "recent": recent_meetings(session, 6),
            "open_pledges": open_pledges(session, 6),
            "overdue_pledges": queries.overdue_pledges(session, day),
            "overdue_actions": queries.overdue_actions(session, day),
            "overdue_follow_ups": queries.overdue_follow_ups(session, day),
            "per_month": aggregate("per_month", lambda: queries.meetings_per_month(session, day)),
            "by_kind": aggregate(
                "by_kind", lambda: queries.meetings_by_kind_of_organisation(session, year_ago)
            ),
            "by_province": aggregate(
                "by_province", lambda: queries.meetings_by_province(session, year_ago)
            ),
            "pledges_by_status": aggregate(
                "pledges_by_status", lambda: queries.pledges_by_status(session)
            ),
            "stakeholders": aggregate("stakeholders", lambda: queries.stakeholder_points(session)),
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
