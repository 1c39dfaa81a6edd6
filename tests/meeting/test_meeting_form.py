"""Logging a meeting in one form, editing it, and never losing what was typed."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.commitment.models import ActionItem, FollowUp, Pledge
from app.contact.models import Contact
from app.meeting.models import Meeting, Participant
from app.organisation.models import Organisation
from tests.browser_forms import form_on, submit, submit_shown
from tests.pages.test_pages import text_of

BASE = {
    "title": "Karachi tech hub roundtable",
    "kind": "working_meeting",
    "status": "held",
    "date": "2026-11-10",
    "date_confirmed": "1",
    "city": "Karachi",
    "province": "sindh",
}


def new_meeting(client, data):
    return client.post_form("/meetings/new", {**BASE, **data})


def saved_meeting(session, title: str = BASE["title"]) -> Meeting:
    stmt = (
        select(Meeting)
        .where(Meeting.title == title)
        .options(
            joinedload(Meeting.participants).joinedload(Participant.organisation),
            joinedload(Meeting.participants).joinedload(Participant.contact),
            joinedload(Meeting.participants).joinedload(Participant.affiliation),
        )
    )
    return session.scalars(stmt).unique().one()


def test_form_offers_every_part_of_a_meeting(client):
    html = client.get("/meetings/new").text
    for label in (
        "Title",
        "Our lead",
        "Who took part",
        "What was presented",
        "Pledges made",
        "Action items we owe",
        "Follow-ups to make",
        "Minutes",
    ):
        assert label in html


def test_log_a_meeting_with_new_records_created_inline(client, session):
    response = new_meeting(
        client,
        {
            "participants-0-organisation": "P@SHA",
            "participants-0-side": "counterpart",
            "participants-1-organisation": "Karachi Tech Hub",
            "participants-1-organisation_kind": "company",
            "participants-1-contact": "Ms Sara Khan",
            "participants-1-title": "Chief Executive",
            "participants-1-role": "presented",
            "participants-2-organisation": "STZA",
            "participants-2-side": "ours",
            "participants-2-role": "led_delegation",
            "pledges-0-maker": "Karachi Tech Hub",
            "pledges-0-maker_contact": "Sara Khan",
            "pledges-0-recipient": "STZA",
            "pledges-0-text": "Share the list of member start-ups",
            "pledges-0-kind": "deliverable",
            "actions-0-text": "Send the incentives brochure",
            "actions-0-due_date": "2026-11-20",
            "follow_ups-0-organisation": "Karachi Tech Hub",
            "follow_ups-0-due_date": "2026-12-15",
            "follow_ups-0-purpose": "Visit the hub",
            "topic_ids": ["1"],
        },
    )
    assert response.status_code == 303, text_of(response.text, "errors-summary")
    meeting = saved_meeting(session)
    rows = {
        (p.organisation.name, p.contact.full_name if p.contact else None, p.side, p.role)
        for p in meeting.participants
    }
    assert rows == {
        ("Pakistan Software Houses Association", None, "counterpart", "attended"),
        ("Karachi Tech Hub", "Sara Khan", "counterpart", "presented"),
        ("Special Technology Zones Authority", None, "ours", "led_delegation"),
    }
    sara = next(p for p in meeting.participants if p.contact)
    assert (sara.contact.honorific, sara.affiliation.title) == ("Ms", "Chief Executive")
    pledge = session.scalars(select(Pledge).where(Pledge.meeting_id == meeting.id)).one()
    assert (pledge.maker_contact_id, pledge.recipient_organisation_id) == (
        sara.contact.id,
        session.scalars(select(Organisation.id).where(Organisation.acronym == "STZA")).one(),
    )
    action = session.scalars(
        select(ActionItem)
        .where(ActionItem.meeting_id == meeting.id)
        .options(joinedload(ActionItem.organisation))
    ).one()
    assert action.organisation.name == "Pakistan Software Houses Association"
    for org_name in ("Pakistan Software Houses Association", "Karachi Tech Hub"):
        org_id = session.scalars(select(Organisation.id).where(Organisation.name == org_name)).one()
        assert BASE["title"] in text_of(client.get(f"/organisations/{org_id}").text, "timeline")


def test_invalid_form_comes_back_with_everything_typed(client, session):
    response = new_meeting(
        client,
        {
            "title": "",
            "date": "22 June",
            "venue": "V" * 400,
            "minutes": "Keep **these** minutes",
            "participants-0-organisation": "A brand new body",
            "participants-0-contact": "Ali Raza",
            "pledges-0-text": "Without a maker",
        },
    )
    assert response.status_code == 422
    html = response.text
    assert "Keep **these** minutes" in html
    assert 'value="A brand new body"' in html
    assert 'value="Ali Raza"' in html
    assert "Without a maker" in html
    summary = text_of(html, "errors-summary")
    assert summary.startswith("Please correct")
    for message in (
        "This is required.",
        "Enter a date such as 15/12/2026.",
        "Use at most 300 characters.",
        "Choose the kind of the new organisation.",
    ):
        assert message in summary
    assert "Title: This is required." in summary
    assert "Pledge 1, made by (organisation): This is required." in summary
    assert 'id="error-title"' in html
    assert (
        session.scalars(select(Meeting).where(Meeting.minutes == "Keep **these** minutes")).first()
        is None
    )


def test_lookalike_organisation_needs_confirmation(client, session):
    data = {
        "participants-0-organisation": "Pakistan Software Houses Assn",
        "participants-0-organisation_kind": "industry_association",
    }
    response = new_meeting(client, data)
    assert response.status_code == 422
    assert "looks like “Pakistan Software Houses Association”" in response.text
    assert "Create as a new organisation anyway" in response.text
    response = new_meeting(client, {**data, "participants-0-create_new": "1"})
    assert response.status_code == 303
    assert session.scalars(
        select(Organisation).where(Organisation.name == "Pakistan Software Houses Assn")
    ).one()


def test_add_row_keeps_what_was_typed(client):
    response = client.post_form(
        "/meetings/new",
        {
            **BASE,
            "participants_rows": "3",
            "add": "participants",
            "minutes": "Typed before adding a row",
        },
    )
    assert response.status_code == 200
    assert 'name="participants-3-organisation"' in response.text
    assert "Typed before adding a row" in response.text


def test_second_edit_from_the_same_version_is_refused_and_keeps_its_input(client, session):
    meeting = session.scalars(select(Meeting).where(Meeting.title.like("STZA delegation%"))).one()
    form = client.get(f"/meetings/{meeting.id}/edit").text
    assert 'name="version" value="1"' in form
    first = client.post_form(
        f"/meetings/{meeting.id}/edit", {**BASE, "title": "First editor's title", "version": "1"}
    )
    assert first.status_code == 303
    second = client.post_form(
        f"/meetings/{meeting.id}/edit",
        {
            **BASE,
            "title": "Second editor's title",
            "minutes": "Second editor's minutes",
            "version": "1",
        },
    )
    assert second.status_code == 409
    assert "Someone else saved this record" in second.text
    assert "Second editor&#39;s minutes" in second.text
    assert "First editor's title" in text_of(second.text, "conflict")
    session.expire_all()
    assert session.get(Meeting, meeting.id).title == "First editor's title"


def test_log_it_from_a_follow_up_closes_the_follow_up(client, session):
    follow_up = session.scalars(select(FollowUp)).first()
    form = client.get(f"/meetings/new?from_follow_up={follow_up.id}").text
    assert "Information, Science and Technology Department, Sindh" in form
    response = client.post_form(
        "/meetings/new",
        {
            **BASE,
            "title": "Follow-up meeting with IST",
            "from_follow_up": str(follow_up.id),
            "participants-0-organisation": "IST Sindh",
        },
    )
    assert response.status_code == 303
    session.expire_all()
    closed = session.get(FollowUp, follow_up.id)
    assert closed.status == "done"
    assert closed.completed_by_meeting_id == saved_meeting(session, "Follow-up meeting with IST").id


def test_hostile_text_is_shown_escaped(client, session):
    hostile = '"><img src=x onerror=alert(1)> {{7*7}} <script>alert(1)</script>'
    response = new_meeting(
        client, {"title": hostile, "minutes": hostile, "participants-0-organisation": "STZA"}
    )
    assert response.status_code == 303
    page = client.get(response.headers["location"]).text
    assert "<script>alert(1)</script>" not in page
    assert "<img src=x" not in page
    assert "{{7*7}}" in page
    assert "49" not in text_of(page, "content")[:200]


def test_viewers_cannot_log_meetings(viewer_client):
    assert viewer_client.get("/meetings/new").status_code == 403
    assert viewer_client.post_form("/meetings/new", BASE).status_code == 403


def test_archive_hides_and_only_admins_restore(client, admin_client, session):
    meeting = session.scalars(select(Meeting).where(Meeting.title.like("STZA delegation%"))).one()
    assert client.post_form(f"/meetings/{meeting.id}/archive").status_code == 303
    assert "STZA delegation" not in client.get("/meetings").text
    assert client.post_form(f"/meetings/{meeting.id}/restore").status_code == 403
    assert admin_client.post_form(f"/meetings/{meeting.id}/restore").status_code == 303
    assert "STZA delegation" in client.get("/meetings").text


def test_new_contact_is_created_once_even_when_named_twice(client, session):
    response = new_meeting(
        client,
        {
            "participants-0-organisation": "STZA",
            "participants-0-contact": "Bilal Ahmed",
            "participants-0-side": "ours",
            "participants-0-title": "Director",
            "pledges-0-maker": "STZA",
            "pledges-0-maker_contact": "Bilal Ahmed",
            "pledges-0-text": "Send data",
        },
    )
    assert response.status_code == 303
    assert (
        len(session.scalars(select(Contact).where(Contact.full_name == "Bilal Ahmed")).all()) == 1
    )


def test_names_too_long_for_a_record_are_refused_beside_their_fields(client, session):
    response = new_meeting(
        client,
        {
            "participants-0-organisation": "O" * 301,
            "participants-0-organisation_kind": "company",
            "participants-0-contact": "P" * 201,
        },
    )
    assert response.status_code == 422
    assert text_of(response.text, "error-participants-0-organisation") == (
        "Use at most 300 characters."
    )
    assert text_of(response.text, "error-participants-0-contact") == "Use at most 200 characters."
    assert (
        session.scalars(select(Organisation).where(Organisation.name == "O" * 301)).first() is None
    )


def test_the_meetings_rules_are_shown_with_the_forms_own_problems(client, session):
    """A form that cannot be read yet still hears what the meeting's rules refuse."""
    response = new_meeting(
        client,
        {
            "title": "",
            "start_time": "10:00",
            "end_time": "09:00",
            "participants-0-title": "Chairman",
        },
    )
    assert response.status_code == 422
    assert text_of(response.text, "error-title") == "This is required."
    assert text_of(response.text, "error-end_time") == "The meeting cannot end before it starts."
    assert text_of(response.text, "error-participants-0-title") == (
        "A title belongs to a person: name them too."
    )
    assert text_of(response.text, "error-participants-0-organisation") == (
        "Name an organisation or a person."
    )


def test_a_refused_edit_takes_a_colleagues_changes_to_fields_left_alone(client, session):
    """Two tabs on the same meeting's edit form. The first saves a new venue and a topic;
    the second, opened before, changes the city, the summary and the title, which the
    first changed too. The second is refused, and its form now holds the first's venue
    and topic (left alone there), its own city, summary and title (the title named as a
    clash, with the first's beside it); saving that form as it stands keeps all of it.
    Saving the old form again used to blank the colleague's venue without a word."""
    meeting = session.scalars(select(Meeting).where(Meeting.title.like("STZA delegation%"))).one()
    edit = f"/meetings/{meeting.id}/edit"
    tab_a, tab_b = client.get(edit), client.get(edit)
    topics = form_on(tab_a.text, form_id="meeting-form")
    unticked = next(
        value
        for name, value in re.findall(r'name="(topic_ids)" value="(\d+)"(?! checked)', tab_a.text)
    )
    ticked = [v for n, v in topics.fields if n == "topic_ids"]
    first = submit_shown(
        client,
        tab_a,
        form_id="meeting-form",
        venue="Venue from tab A",
        title="Title from tab A",
        topic_ids=[*ticked, unticked],
    )
    assert first.status_code == 303
    second = submit_shown(
        client,
        tab_b,
        form_id="meeting-form",
        city="Hyderabad",
        summary="Summary from tab B",
        title="Title from tab B",
    )
    assert second.status_code == 409
    notice = text_of(second.text, "conflict")
    assert "Venue" in text_of(second.text, "conflict-taken")
    assert "Topics" in text_of(second.text, "conflict-taken")
    assert "Title from tab A" in text_of(second.text, "conflict-clashes")
    assert "Nothing from your form has been saved yet" in notice
    merged = form_on(second.text, form_id="meeting-form")
    shown = dict(merged.fields)
    assert (shown["venue"], shown["city"], shown["title"]) == (
        "Venue from tab A",
        "Hyderabad",
        "Title from tab B",
    )
    assert shown["summary"] == "Summary from tab B"
    assert sorted(v for n, v in merged.fields if n == "topic_ids") == sorted([*ticked, unticked])

    third = submit_shown(client, second, form_id="meeting-form")
    assert third.status_code == 303
    session.expire_all()
    saved = session.scalars(
        select(Meeting).options(selectinload(Meeting.topics)).where(Meeting.id == meeting.id)
    ).one()
    assert (saved.venue, saved.city, saved.summary, saved.title) == (
        "Venue from tab A",
        "Hyderabad",
        "Summary from tab B",
        "Title from tab B",
    )
    assert sorted(str(t.id) for t in saved.topics) == sorted([*ticked, unticked])


def test_archiving_a_meeting_takes_its_commitments_with_it_and_restoring_brings_them_back(
    client, admin_client, session
):
    """Through the meeting page's Archive and Restore buttons: its pledges leave the
    register and the dashboard's open pledges, and come back with it, but for a pledge
    archived on its own before (through the API), which stays archived."""
    meeting = session.scalars(select(Meeting).where(Meeting.title.like("STZA delegation%"))).one()
    pledges = session.scalars(select(Pledge).where(Pledge.meeting_id == meeting.id)).all()
    assert len(pledges) >= 2
    alone = pledges[0]
    alone.archived_at = datetime(2026, 1, 5, tzinfo=UTC)  # as the API archives one alone
    session.commit()
    kept = [p.text for p in pledges[1:]]

    def open_pledges() -> int:
        page = client.get("/").text
        return int(re.search(r'id="stat-pledges">.*?stat-value">(\d+)<', page, re.S).group(1))

    before = open_pledges()
    page = f"/meetings/{meeting.id}"
    assert submit(client, page, action_ends="/archive").status_code == 303
    register = text_of(client.get("/pledges").text, "results")
    assert not [text for text in kept if text[:40] in register]
    open_now = sum(1 for p in pledges[1:] if p.status in ("open", "in_progress"))
    assert open_pledges() == before - open_now

    assert submit(admin_client, page, action_ends="/restore").status_code == 303
    register = text_of(client.get("/pledges").text, "results")
    assert all(text[:40] in register for text in kept)
    assert open_pledges() == before
    session.expire_all()
    assert session.get(Pledge, alone.id).archived_at is not None  # archived on its own


def test_a_period_that_ends_before_it_starts_is_said_beside_it(client):
    """As the report says it; the list then runs from the first date."""
    page = submit(
        client, "/meetings", action_ends="/meetings", since="2026-12-31", until="2026-01-01"
    )
    assert page.status_code == 200
    assert "The period ends before it starts" in page.text
    assert "STZA delegation" not in text_of(page.text, "results")  # none since 31 December


def test_actions_filtered_to_nothing_say_so_and_offer_them_all(client, session):
    session.add(ActionItem(text="Circulate minutes"))  # not overdue: no due date
    session.commit()
    page = submit(client, "/actions", action_ends="/actions", who="all", status="any", overdue="1")
    shown = text_of(page.text, "results")
    assert "No action items match these filters." in shown
    every = re.search(r'<a href="([^"]+)">Show every action item</a>', page.text)
    assert every
    assert "Circulate minutes" in text_of(client.get(html.unescape(every.group(1))).text, "results")


def test_history_of_a_topic_added_shows_the_topics_before_and_after(client, session):
    """It showed "(empty)" before and the new topic alone after."""
    from app.topic.models import Topic

    names = list(session.scalars(select(Topic.name).order_by(Topic.name)))[:3]
    meeting = session.scalars(select(Meeting).where(Meeting.title.like("STZA delegation%"))).one()
    edit = f"/meetings/{meeting.id}/edit"
    ids = {t.name: str(t.id) for t in session.scalars(select(Topic))}
    first = submit(client, edit, form_id="meeting-form", topic_ids=[ids[n] for n in names[:2]])
    assert first.status_code == 303
    second = submit(client, edit, form_id="meeting-form", topic_ids=[ids[n] for n in names])
    assert second.status_code == 303
    history = client.get(f"/meetings/{meeting.id}").text.split('id="history-h"')[1]
    latest = history.split("</table>")[0]
    row = re.search(r"<td>Topics</td><td[^>]*>(.*?)</td><td[^>]*>(.*?)</td>", latest, re.S)
    assert row, latest[:1500]
    before, after = (html.unescape(re.sub(r"<[^>]+>", "", cell)) for cell in row.groups())
    assert sorted(before.split(", ")) == names[:2]
    assert sorted(after.split(", ")) == names
