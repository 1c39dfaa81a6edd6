"""The home dashboard and the health check."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.orm import Session
from starlette.responses import Response

from app.commitment.queries import open_pledges
from app.dashboard import queries
from app.deps import SessionDep
from app.meeting.queries import recent_meetings
from app.organisation.health import going_cold
from app.organisation.queries import home_organisation_id
from app.web import render_cached_page, today

router = APIRouter(tags=["dashboard"])


@router.get("/", name="home")
def home(request: Request, session: SessionDep) -> Response:
    day = today()
    return render_cached_page(
        request,
        session,
        "dashboard/_content.html",
        lambda: _content(
            session,
            day,
            home_organisation_id(session, request.app.state.settings.home_organisation),
        ),
        title="Home",
        active_nav="home",
        key="home",
    )


def _content(session: Session, day: date, home_id: int | None) -> dict[str, object]:
    since = queries.twelve_months(day)  # the charts' 12 calendar months
    cold_total, cold = going_cold(session, day, home_id)
    pledges = queries.pledge_counts(session)
    return {
        "figures": queries.figures(session, day, home_id, pledges),
        "quarter": (queries.quarter_start(day), queries.quarter_end(day)),
        "home_id": home_id,
        "cold_total": cold_total,
        "cold": cold,
        "upcoming": queries.upcoming_meetings(session, day),
        "recent": recent_meetings(session, 6),
        "open_pledges": open_pledges(session, 6),
        "overdue_pledges": queries.overdue_pledges(session, day),
        "overdue_actions": queries.overdue_actions(session, day),
        "overdue_follow_ups": queries.overdue_follow_ups(session, day),
        "per_month": queries.meetings_per_month(session, day),
        "by_kind": queries.meetings_by_kind_of_organisation(session, since),
        "by_province": queries.meetings_by_province(session, since),
        "pledges_by_status": queries.pledges_by_status(pledges),
        "stakeholders": queries.stakeholder_points(session),
    }


@router.get("/healthz", name="healthz")
def healthz(session: SessionDep) -> Response:
    try:
        session.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - a health check reports, never raises
        return JSONResponse({"status": "error", "database": str(exc)}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"})
