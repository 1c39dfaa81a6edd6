"""Issuing, checking and revoking calendar feed tokens, and writing iCalendar files."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event, vCalAddress, vText
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.account.models import User
from app.commitment.models import ActionItem, FollowUp
from app.config import get_settings
from app.contact.schemas import is_email
from app.db import utcnow
from app.errors import NotFound
from app.feeds.models import CalendarToken
from app.meeting.models import Meeting
from app.secrets import hash_secret, new_secret, record_use

PRODUCT_ID = "-//Engage//Stakeholder engagement//EN"
UID_DOMAIN = "engage"


def active_token(session: Session, user_id: int) -> CalendarToken | None:
    stmt = select(CalendarToken).where(
        CalendarToken.user_id == user_id, CalendarToken.revoked_at.is_(None)
    )
    return session.scalars(stmt).first()


def issue_token(session: Session, user_id: int) -> str:
    """A new secret for the user; any earlier one stops working."""
    revoke_tokens(session, user_id)
    token = new_secret()
    session.add(CalendarToken(user_id=user_id, token_hash=hash_secret(token)))
    session.flush()
    return token


def revoke_tokens(session: Session, user_id: int) -> int:
    """Revoke the user's feed addresses; how many were active."""
    active = session.scalars(
        select(CalendarToken).where(
            CalendarToken.user_id == user_id, CalendarToken.revoked_at.is_(None)
        )
    ).all()
    now = utcnow()
    for item in active:
        item.revoked_at = now
    return len(active)


def user_for_token(session: Session, token: str) -> User:
    stmt = select(CalendarToken).where(
        CalendarToken.token_hash == hash_secret(token), CalendarToken.revoked_at.is_(None)
    )
    found = session.scalars(stmt).first()
    user = session.get(User, found.user_id) if found else None
    if found is None or user is None or not user.active:
        raise NotFound("There is no calendar feed at this address.")
    record_use(session, found)
    return user


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", get_settings().timezone)
    return calendar


def _meeting_event(meeting: Meeting, stamp: datetime) -> Event:
    zone = get_settings().zone
    event = Event()
    event.add("uid", f"meeting-{meeting.id}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    summary = meeting.title + ("" if meeting.date_confirmed else " (date unconfirmed)")
    event.add("summary", summary)
    day = meeting.date
    if day is None:  # the feed leaves undated meetings out
        raise ValueError(f"Meeting {meeting.id} has no date to put in a calendar.")
    if meeting.start_time:
        start = datetime.combine(day, meeting.start_time, zone)
        end = (
            datetime.combine(day, meeting.end_time, zone)
            if meeting.end_time
            else start + timedelta(hours=1)
        )
        event.add("dtstart", start)
        event.add("dtend", end)
    else:
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
    place = ", ".join(p for p in (meeting.venue, meeting.city) if p)
    if place:
        event.add("location", place)
    notes = [meeting.summary or ""]
    if not meeting.date_confirmed:
        notes.append(meeting.date_note or "The exact day is not confirmed.")
    event.add("description", "\n\n".join(n for n in notes if n))
    event.add("status", "CANCELLED" if meeting.status == "cancelled" else "CONFIRMED")
    return event


def meetings_calendar(meetings: Iterable[Meeting], *, with_attendees: bool = False) -> bytes:
    stamp = datetime.now(UTC)
    calendar = _calendar("Engage meetings")
    tz_added = False
    for meeting in meetings:
        if meeting.date is None:
            continue  # no date in the source: nothing to put in a calendar
        event = _meeting_event(meeting, stamp)
        if with_attendees:
            _add_attendees(event, meeting)
        calendar.add_component(event)
        tz_added = tz_added or meeting.start_time is not None
    if tz_added:
        calendar.add_missing_timezones()
    ical: bytes = calendar.to_ical()  # icalendar leaves its return type unstated
    return ical


def _add_attendees(event: Event, meeting: Meeting) -> None:
    if meeting.lead is not None and is_email(meeting.lead.email):
        organizer = vCalAddress(f"mailto:{meeting.lead.email}")
        organizer.params["cn"] = vText(meeting.lead.display_name)
        event["organizer"] = organizer
    unreachable: list[str] = []
    for participant in meeting.participants:
        if participant.contact is None:
            continue
        # Only an address that passes today's check: one stored before addresses were
        # checked (with a line break, say) would end the file with an error.
        emails = [e for e in participant.contact.emails if isinstance(e, str) and is_email(e)]
        if not emails:
            # Not an invitee: a made-up address made calendars list a stranger and offer
            # to send them updates. Named in the description instead.
            unreachable.append(participant.contact.display_name)
            continue
        attendee = vCalAddress(f"mailto:{emails[0]}")
        attendee.params["cn"] = vText(participant.contact.display_name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=False)
    if unreachable:
        notes = [str(event.pop("description", "")), "Also taking part: " + ", ".join(unreachable)]
        event.add("description", "\n\n".join(n for n in notes if n))


def due_calendar(actions: Iterable[ActionItem], follow_ups: Iterable[FollowUp]) -> bytes:
    stamp = datetime.now(UTC)
    calendar = _calendar("Engage due dates")
    for action in actions:
        if action.due_date is None:
            continue
        calendar.add_component(
            _all_day(f"action-{action.id}", f"Action due: {action.text}", action.due_date, stamp)
        )
    for item in follow_ups:
        calendar.add_component(
            _all_day(f"follow-up-{item.id}", f"Follow-up due: {item.purpose}", item.due_date, stamp)
        )
    ical: bytes = calendar.to_ical()  # icalendar leaves its return type unstated
    return ical


def _all_day(uid: str, summary: str, day: date, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", f"{uid}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    return event
