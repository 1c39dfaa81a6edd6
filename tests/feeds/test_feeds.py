"""Calendar feeds read back with the icalendar library."""

from __future__ import annotations

import re
from datetime import date, datetime, time

from icalendar import Calendar
from sqlalchemy import select

from app.commitment.models import ActionItem
from app.contact.models import Contact
from app.meeting.models import Meeting, Participant


def feed_urls(client) -> tuple[str, str]:
    html = client.post_form("/account/calendar").text
    meetings, due = re.findall(r"<code>(http://testserver/feeds/[^<]+)</code>", html)
    return meetings.replace("http://testserver", ""), due.replace("http://testserver", "")


def events(body: bytes) -> list:
    return [c for c in Calendar.from_ical(body).walk() if c.name == "VEVENT"]


def test_meeting_feed_has_stable_uids_and_marks_unconfirmed_dates(client, anon_client, monkeypatch):
    monkeypatch.setattr("app.feeds.routes.today", lambda: date(2023, 1, 1))  # feeds cover two years
    meetings_url, _ = feed_urls(client)
    first = events(anon_client.get(meetings_url).content)  # calendar programs do not sign in
    second = events(anon_client.get(meetings_url).content)
    assert [str(e["uid"]) for e in first] == [str(e["uid"]) for e in second]
    sindh = next(e for e in first if "Sindh Secretariat" in str(e["summary"]))
    assert str(sindh["summary"]).endswith("(date unconfirmed)")
    assert sindh.decoded("dtstart") == date(2022, 6, 22)  # all day: VALUE=DATE
    assert not any("Meet the Minister" in str(e["summary"]) for e in first)  # no date, no event


def test_timed_meetings_carry_the_karachi_time_zone(client, anon_client, session):
    session.add(
        Meeting(
            title="Timed call",
            kind="call",
            date=date(2026, 12, 1),
            start_time=time(10, 30),
            end_time=time(11, 15),
            status="planned",
        )
    )
    session.commit()
    meetings_url, _ = feed_urls(client)
    body = anon_client.get(meetings_url).content
    assert b"BEGIN:VTIMEZONE" in body
    assert b"TZID=Asia/Karachi" in body
    timed = next(e for e in events(body) if str(e["summary"]) == "Timed call")
    start = timed.decoded("dtstart")
    assert isinstance(start, datetime)
    assert (start.hour, start.minute, str(start.tzinfo)) == (10, 30, "Asia/Karachi")


def test_due_feed_lists_open_actions_and_follow_ups(client, anon_client, session):
    session.add(ActionItem(text="Send the MoU draft", due_date=date(2026, 12, 5)))
    session.add(ActionItem(text="Finished already", due_date=date(2026, 12, 6), status="done"))
    session.commit()
    _, due_url = feed_urls(client)
    summaries = {str(e["summary"]) for e in events(anon_client.get(due_url).content)}
    assert "Action due: Send the MoU draft" in summaries
    assert "Action due: Finished already" not in summaries
    assert any(s.startswith("Follow-up due: Agree next steps") for s in summaries)


def test_revoked_or_made_up_tokens_give_404(client, anon_client):
    meetings_url, _ = feed_urls(client)
    assert client.post_form("/account/calendar/revoke").status_code == 303
    assert anon_client.get(meetings_url).status_code == 404
    assert anon_client.get("/feeds/not-a-token/meetings.ics").status_code == 404


def test_new_addresses_replace_the_old(client, anon_client):
    old, _ = feed_urls(client)
    new, _ = feed_urls(client)
    assert anon_client.get(old).status_code == 404
    assert anon_client.get(new).status_code == 200


def test_single_meeting_download_lists_attendees(client, session):
    amer = session.scalars(select(Contact).where(Contact.full_name == "Amer Hashmi")).one()
    amer.emails = ["chairman@stza.gov.pk"]
    session.commit()
    meeting_id = session.scalars(
        select(Participant.meeting_id).where(Participant.contact_id == amer.id)
    ).one()
    response = client.get(f"/meetings/{meeting_id}.ics")
    [event] = events(response.content)
    attendees = event.get("attendee")
    attendees = attendees if isinstance(attendees, list) else [attendees]
    # Invitees are those with an address; the others are named in the description, never
    # given a made-up address a calendar would offer to send updates to.
    assert [(a.params["cn"], str(a)) for a in attendees] == [
        ("Amer Hashmi", "mailto:chairman@stza.gov.pk")
    ]
    description = str(event["description"])
    assert "Also taking part:" in description
    assert "Dr Sohail Rajput" in description
    assert "Tanzeela Umi Habiba" in description
    assert b"invalid" not in response.content
    assert str(event["uid"]) == f"meeting-{meeting_id}@engage"


def test_an_address_with_a_line_break_does_not_break_the_meeting_file(client, session):
    """Imported before addresses were checked: the file is still served, and the line
    break never becomes a property of its own."""
    amer = session.scalars(select(Contact).where(Contact.full_name == "Amer Hashmi")).one()
    amer.emails = ["chairman@stza.gov.pk\r\nATTACH:http://evil.example/x"]
    session.commit()
    meeting_id = session.scalars(
        select(Participant.meeting_id).where(Participant.contact_id == amer.id)
    ).one()
    response = client.get(f"/meetings/{meeting_id}.ics")
    assert response.status_code == 200
    [event] = events(response.content)
    assert "attach" not in event
    assert b"evil.example" not in response.content
    assert event.get("attendee") is None  # no one in it has an address that passes
    assert "Amer Hashmi" in str(event["description"])
