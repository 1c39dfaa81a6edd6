"""Meeting pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from sqlalchemy import select
from starlette.responses import Response

from app.audit.queries import history_of
from app.commitment import queries as commitments
from app.deps import SessionDep
from app.document.service import documents_of
from app.filtering import Paging, query_form
from app.listing import paginate
from app.meeting import queries
from app.meeting.models import MeetingKind, MeetingStatus, Side
from app.organisation.models import Organisation, Province
from app.topic.models import Topic
from app.web import render, render_cached_page

router = APIRouter(prefix="/meetings", tags=["meetings"])


@router.get("", name="meeting_list")
def meeting_list(
    request: Request,
    session: SessionDep,
    filters: Annotated[queries.MeetingFilters, Depends(query_form(queries.MeetingFilters))],
    paging: Annotated[Paging, Depends(query_form(Paging))],
) -> Response:
    def make_context() -> dict[str, object]:
        stmt, chosen_sort = queries.filtered_meetings_stmt(filters)
        total_of = queries.total_of(session, filters, {"sort"})
        page_of = queries.page_of(session, filters, {"sort"}, chosen_sort)
        result = paginate(session, stmt, paging.page, paging.per_page, total_of, page_of)
        result.query_args = {**filters.query_args(), "sort": chosen_sort}
        return {
            "page": result,
            "counterparts": queries.counterparts_of(session, [m.id for m in result.items]),
            "filters": filters,
            "topics": session.scalars(select(Topic).order_by(Topic.name)).all(),
            "kinds": list(MeetingKind),
            "statuses": list(MeetingStatus),
            "provinces": list(Province),
            "chosen_org": (
                session.get(Organisation, filters.organisation) if filters.organisation else None
            ),
        }

    return render_cached_page(
        request,
        session,
        "meeting/_list.html",
        make_context,
        title="Meetings",
        active_nav="meetings",
    )


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
            "documents": documents_of(session, "meeting", meeting_id),
            "active_nav": "meetings",
        },
    )
