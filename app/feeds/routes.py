"""Calendar feeds (subscribed by URL with a secret token) and single-meeting downloads."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from app.auth.guard import CurrentUser
from app.commitment.models import (
    ActionItem,
    FollowUp,
    FollowUpStatus,
    action_is_open,
)
from app.deps import SessionDep
from app.feeds import service
from app.meeting.models import Meeting
from app.meeting.queries import get_meeting_detail
from app.web import flash, render, today

router = APIRouter(tags=["calendar feeds"])
ICS = "text/calendar; charset=utf-8"
FEED_HISTORY = timedelta(days=730)


def _ics(body: bytes, name: str) -> Response:
    return Response(
        body, media_type=ICS, headers={"Content-Disposition": f'inline; filename="{name}"'}
    )


@router.get("/account/calendar", name="calendar_feeds")
def feeds_page(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    token = service.active_token(session, user.id)
    return render(request, "feeds/account.html", {"active": token, "new_token": None})


@router.post("/account/calendar")
def create_feed(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    token = service.issue_token(session, user.id)
    return render(
        request,
        "feeds/account.html",
        {"active": service.active_token(session, user.id), "new_token": token},
    )


@router.post("/account/calendar/revoke", name="calendar_revoke")
def revoke_feed(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    service.revoke_tokens(session, user.id)
    flash(request, "Your calendar feed addresses no longer work.")
    return RedirectResponse(request.url_for("calendar_feeds"), status_code=303)


@router.get("/feeds/{token}/meetings.ics", name="feed_meetings")
def feed_meetings(session: SessionDep, token: str) -> Response:
    service.user_for_token(session, token)
    stmt = (
        select(Meeting)
        .where(Meeting.archived_at.is_(None), Meeting.date >= today() - FEED_HISTORY)
        .order_by(Meeting.date, Meeting.id)
    )
    return _ics(service.meetings_calendar(session.scalars(stmt)), "engage-meetings.ics")


@router.get("/feeds/{token}/due.ics", name="feed_due")
def feed_due(session: SessionDep, token: str, mine: bool = False) -> Response:
    user = service.user_for_token(session, token)
    actions = select(ActionItem).where(ActionItem.archived_at.is_(None), action_is_open())
    follow_ups = select(FollowUp).where(
        FollowUp.archived_at.is_(None), FollowUp.status == FollowUpStatus.due.value
    )
    if mine:
        actions = actions.where(ActionItem.owner_id == user.id)
        follow_ups = follow_ups.where(FollowUp.owner_id == user.id)
    body = service.due_calendar(session.scalars(actions), session.scalars(follow_ups))
    return _ics(body, "engage-due.ics")


@router.get("/meetings/{meeting_id}.ics", name="meeting_ics")
def meeting_ics(session: SessionDep, meeting_id: int) -> Response:
    meeting = get_meeting_detail(session, meeting_id)
    if meeting.date is None:
        from app.errors import EngageError

        raise EngageError(
            "This meeting has no date, so it cannot go in a calendar.", status_code=409
        )
    return _ics(
        service.meetings_calendar([meeting], with_attendees=True), f"meeting-{meeting_id}.ics"
    )
