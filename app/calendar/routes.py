"""The month calendar."""

from __future__ import annotations

from datetime import date, datetime

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from app.calendar.queries import month_grid
from app.deps import SessionDep
from app.errors import EngageError
from app.web import render_cached_page, today

router = APIRouter(tags=["calendar"])


def parse_month(value: str | None) -> date:
    if not value:
        return today().replace(day=1)
    try:
        return datetime.strptime(value, "%Y-%m").date()
    except ValueError as exc:
        raise EngageError(
            f"“{value}” is not a month; use the form YYYY-MM.", status_code=422
        ) from exc


@router.get("/calendar", name="calendar")
def calendar_page(
    request: Request, session: SessionDep, month: str | None = Query(None, max_length=7)
) -> Response:
    first = parse_month(month)
    return render_cached_page(
        request,
        session,
        "calendar/_content.html",
        lambda: {"month": month_grid(session, first)},
        title=f"Calendar, {first:%B %Y}",
        active_nav="calendar",
        key=first,
    )
