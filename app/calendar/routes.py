"""The month calendar."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import Field
from starlette.responses import Response

from app.calendar.queries import month_grid
from app.deps import SessionDep
from app.errors import EngageError
from app.filtering import QueryForm, query_form
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


class CalendarForm(QueryForm):
    month: str | None = Field(None, max_length=7)


@router.get("/calendar", name="calendar")
def calendar_page(
    request: Request,
    session: SessionDep,
    form: Annotated[CalendarForm, Depends(query_form(CalendarForm))],
) -> Response:
    try:
        first = parse_month(form.month)
    except EngageError as exc:
        request.state.filter_errors = {"month": f"{exc.message} This month is shown instead."}
        first = parse_month(None)
    return render_cached_page(
        request,
        session,
        "calendar/_content.html",
        lambda: {"month": month_grid(session, first)},
        title=f"Calendar, {first:%B %Y}",
        active_nav="calendar",
        key=(first, tuple(request.state.filter_errors.items())),
    )
