"""Meeting pages."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from app.audit.queries import history_of
from app.commitment import queries as commitments
from app.deps import SessionDep
from app.listing import paginate
from app.meeting import queries
from app.meeting.models import Side
from app.web import render

router = APIRouter(prefix="/meetings", tags=["meetings"])


@router.get("", name="meeting_list")
def meeting_list(
    request: Request,
    session: SessionDep,
    page: int = Query(1, ge=1),
    per_page: int = Query(25, ge=1, le=100),
) -> Response:
    result = paginate(session, queries.meeting_list_stmt(), page, per_page)
    return render(request, "meeting/list.html", {"page": result, "active_nav": "meetings"})


@router.get("/{meeting_id}", name="meeting_detail")
def meeting_detail(request: Request, session: SessionDep, meeting_id: int) -> Response:
    meeting = queries.get_meeting_detail(session, meeting_id)
    sides = {side.value: [p for p in meeting.participants if p.side == side] for side in Side}
    return render(
        request,
        "meeting/detail.html",
        {
            "meeting": meeting,
            "sides": sides,
            "pledges": commitments.pledges_for_meeting(session, meeting_id),
            "actions": commitments.actions_for_meeting(session, meeting_id),
            "follow_ups": commitments.follow_ups_for_meeting(session, meeting_id),
            "events": history_of(session, meeting),
            "active_nav": "meetings",
        },
    )
