"""The month view shows meetings, action due dates and follow-ups on their days."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import select

from app.commitment.models import ActionItem, FollowUp
from app.meeting.models import Meeting
from app.organisation.models import Organisation
from tests.pages.test_pages import text_of


def test_june_2022_shows_the_sindh_meeting_and_its_follow_up(client):
    html = client.get("/calendar", params={"month": "2022-06"}).text
    day = text_of(html, "day-2022-06-22")
    assert "STZA delegation's working meeting with the Sindh Secretariat" in day
    assert "(date unconfirmed)" in day
    july = client.get("/calendar", params={"month": "2022-07"}).text
    assert "Agree next steps with the Sindh IST Department" in text_of(july, "day-2022-07-22")


def test_open_actions_appear_and_done_ones_do_not(client, session):
    meeting = Meeting(title="Call with PASHA", kind="call", date=date(2026, 2, 3), status="held")
    session.add(meeting)
    session.flush()
    session.add_all(
        [
            ActionItem(
                text="Send the draft MoU", meeting_id=meeting.id, due_date=date(2026, 2, 10)
            ),
            ActionItem(
                text="Already sent",
                meeting_id=meeting.id,
                due_date=date(2026, 2, 10),
                status="done",
            ),
            FollowUp(
                contact_id=None,
                organisation_id=1,
                due_date=date(2026, 2, 27),
                purpose="Check on the MoU",
            ),
        ]
    )
    session.commit()
    html = client.get("/calendar", params={"month": "2026-02"}).text
    assert "Call with PASHA" in text_of(html, "day-2026-02-03")
    assert "Send the draft MoU" in text_of(html, "day-2026-02-10")
    assert "Already sent" not in html
    assert "Check on the MoU" in text_of(html, "day-2026-02-27")
    assert '/calendar?month=2026-01"' in html
    assert '/calendar?month=2026-03"' in html


def test_a_month_already_seen_shows_a_new_meeting_at_once(client, session):
    before = client.get("/calendar", params={"month": "2026-03"}).text
    assert "Visit to NASTP" not in before
    session.add(Meeting(title="Visit to NASTP", kind="site_visit", date=date(2026, 3, 4)))
    session.commit()
    after = client.get("/calendar", params={"month": "2026-03"}).text
    assert "Visit to NASTP" in text_of(after, "day-2026-03-04")
    assert "<title>Calendar, March 2026 · Engage</title>" in after


def test_a_bad_month_is_said_and_this_month_shown(client):
    response = client.get("/calendar", params={"month": "2026-13"})
    assert response.status_code == 200
    message = text_of(response.text, "filter-errors")
    assert "“2026-13” is not a month; use the form YYYY-MM. This month is shown instead." in message
    assert 'id="calendar"' in response.text


def test_a_crowded_day_shows_the_first_few_and_counts_the_rest(client, session):
    from app.calendar.queries import PER_DAY

    day = date(2026, 4, 14)
    session.add_all(
        Meeting(title=f"Crowded meeting {n:02}", kind="call", date=day, status="held")
        for n in range(PER_DAY + 3)
    )
    session.commit()
    html = client.get("/calendar", params={"month": "2026-04"}).text
    cell = text_of(html, "day-2026-04-14")
    assert cell.count("Crowded meeting") == PER_DAY
    assert "3 more meetings" in cell
    assert "/meetings?since=2026-04-14&amp;until=2026-04-14" in html
    listed = client.get("/meetings", params={"since": "2026-04-14", "until": "2026-04-14"}).text
    assert listed.count("Crowded meeting") == PER_DAY + 3


def test_a_crowded_day_links_to_its_actions_and_follow_ups(client, session):
    from app.calendar.queries import PER_DAY

    day = date(2026, 4, 15)
    org = session.scalars(select(Organisation).limit(1)).one()
    session.add_all(
        ActionItem(text=f"Crowded action {n:02}", due_date=day) for n in range(PER_DAY + 2)
    )
    session.add_all(
        FollowUp(organisation_id=org.id, due_date=day, purpose=f"Crowded follow-up {n:02}")
        for n in range(PER_DAY + 1)
    )
    session.add(ActionItem(text="Action due the next day", due_date=day + timedelta(days=1)))
    session.commit()
    html = client.get("/calendar", params={"month": "2026-04"}).text
    cell = text_of(html, "day-2026-04-15")
    assert "2 more actions due" in cell
    assert "1 more follow-up due" in cell
    assert "/actions?who=all&amp;status=open&amp;due=2026-04-15" in html
    assert "/follow-ups?window=due&amp;due=2026-04-15" in html

    actions = client.get("/actions", params={"who": "all", "status": "open", "due": "2026-04-15"})
    listed = text_of(actions.text, "results")
    assert listed.startswith("Due on 15 April 2026.")
    assert len(set(re.findall(r"Crowded action \d\d", listed))) == PER_DAY + 2
    assert "Action due the next day" not in listed
    assert 'name="due" value="2026-04-15"' in actions.text  # kept when the filters change
    assert '/actions?who=all&amp;status=open">Any due date' in actions.text

    follow_ups = text_of(
        client.get("/follow-ups", params={"window": "due", "due": "2026-04-15"}).text, "results"
    )
    assert len(set(re.findall(r"Crowded follow-up \d\d", follow_ups))) == PER_DAY + 1
    assert "Agree next steps with the Sindh IST Department" not in follow_ups

    # Typed day first, as staff write dates, it is the same day.
    typed = client.get("/actions", params={"who": "all", "due": "15/04/2026"})
    assert text_of(typed.text, "results").startswith("Due on 15 April 2026.")
    bad = client.get("/actions", params={"who": "all", "due": "31/02/2026"})
    assert bad.status_code == 200
    assert "There is no day 31/02/2026. This filter was left out." in text_of(
        bad.text, "filter-errors"
    )
    assert text_of(bad.text, "results").startswith("Overdue items first")
