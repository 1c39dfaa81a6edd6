"""Every meeting rule is the same whichever door a meeting comes in by: the page's own
meeting form, the JSON API, or a command built in code (as `engage ingest --save` and the
seed build them). A refused meeting gets the same words for the same field through each,
and writes nothing; an accepted one writes the same rows."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from sqlalchemy import func, select

from app.account.models import User
from app.commitment.models import FollowUp, Pledge
from app.contact.models import Affiliation, Contact
from app.errors import FormInvalid
from app.meeting.commands import CreateMeeting
from app.meeting.models import Meeting, Participant, meeting_topic
from app.meeting.service import create_meeting
from app.organisation.models import Organisation
from app.topic.models import Topic
from tests.browser_forms import form_on, submit

NEW_MEETING = {
    "title": "Contract review with PASHA",
    "date": "2026-11-20",
    "start_time": "10:00",
    "end_time": "11:30",
    "city": "Karachi",
    "participants-0-organisation": "PASHA",
}


def org_id(session, acronym: str) -> int:
    return session.scalars(select(Organisation.id).where(Organisation.acronym == acronym)).one()


def form_errors(page: str) -> dict[str, str]:
    """Field name -> its message, as the form's summary lists them ("Label: message")."""
    found = re.findall(r'<li><a href="#field-([^"]+)">(.*?)</a></li>', page)
    return {name: html.unescape(text).split(": ", 1)[1] for name, text in found}


def written(session) -> dict[str, int]:
    """How many of each row a meeting save can write."""
    session.expire_all()
    models = (Meeting, Participant, Organisation, Contact, Affiliation, Pledge, FollowUp)
    return {m.__name__: session.scalar(select(func.count()).select_from(m)) for m in models}


def refused_by_form(client, session, typed: dict[str, Any]) -> dict[str, str]:
    before = written(session)
    response = submit(client, "/meetings/new", form_id="meeting-form", **typed)
    assert response.status_code == 422, response.text[:300]
    assert written(session) == before
    return form_errors(response.text)


def refused_by_api(api, session, body: dict[str, Any]) -> dict[str, str]:
    before = written(session)
    response = api.post("/api/v1/meetings", json=body)
    assert response.status_code == 422, response.text
    assert written(session) == before
    return {e["field"]: e["message"] for e in response.json()["errors"]}


def refused_as_command(session, fields: dict[str, Any]) -> dict[str, str]:
    before = written(session)
    with pytest.raises(FormInvalid) as refused:
        create_meeting(session, CreateMeeting(**fields))
    assert written(session) == before
    return refused.value.errors


def api_body(session, **fields: Any) -> dict[str, Any]:
    return {
        "title": NEW_MEETING["title"],
        "kind": "working_meeting",
        "date": NEW_MEETING["date"],
        "participants": [{"organisation_id": org_id(session, "PASHA"), "side": "counterpart"}],
        **fields,
    }


def command_fields(session, **fields: Any) -> dict[str, Any]:
    return {
        "title": NEW_MEETING["title"],
        "kind": "working_meeting",
        "date": NEW_MEETING["date"],
        "participants": [{"organisation": org_id(session, "PASHA"), "side": "counterpart"}],
        **fields,
    }


# A new organisation typed in the form, so that "writes nothing" covers what a refused
# form would otherwise have created along the way.
WITH_A_NEW_BODY = {
    "participants-1-organisation": "Contract Test Body",
    "participants-1-organisation_kind": "company",
}


class TestTheSameRefusalThroughEveryDoor:
    def test_a_meeting_cannot_end_before_it_starts(self, client, api, session):
        message = "The meeting cannot end before it starts."
        form = refused_by_form(
            client, session, {**NEW_MEETING, **WITH_A_NEW_BODY, "end_time": "09:00"}
        )
        assert form["end_time"] == message
        times = {"start_time": "10:00", "end_time": "09:00"}
        assert refused_by_api(api, session, api_body(session, **times)) == {"end_time": message}
        assert refused_as_command(session, command_fields(session, **times)) == {
            "end_time": message
        }

    def test_a_confirmed_date_needs_the_day(self, client, api, session):
        message = "Enter the date, or untick “date confirmed”."
        # The new form draws "date confirmed" ticked: leaving the date empty is refused.
        form = refused_by_form(client, session, {**NEW_MEETING, **WITH_A_NEW_BODY, "date": ""})
        assert form["date"] == message
        undated = {"date": None, "date_confirmed": True}
        assert refused_by_api(api, session, api_body(session, **undated)) == {"date": message}
        assert refused_as_command(session, command_fields(session, **undated)) == {"date": message}

    def test_someone_takes_part_in_each_participant_row(self, client, api, session):
        message = "Name an organisation or a person."
        # A row with only a title typed in it names no one.
        typed = {**NEW_MEETING, **WITH_A_NEW_BODY, "participants-2-title": "Chairman"}
        form = refused_by_form(client, session, typed)
        assert form["participants-2-organisation"] == message
        nobody = [{"organisation_id": org_id(session, "PASHA"), "side": "ours"}, {"side": "ours"}]
        assert refused_by_api(api, session, api_body(session, participants=nobody)) == {
            "participants.1.organisation_id": message
        }
        rows = [{"organisation": org_id(session, "PASHA")}, {"side": "ours"}]
        assert refused_as_command(session, command_fields(session, participants=rows)) == {
            "participants.1.organisation": message
        }

    def test_a_title_belongs_to_a_person(self, client, session):
        # The API takes no titles; the form and a command (ingest, seed) do.
        message = "A title belongs to a person: name them too."
        typed = {**NEW_MEETING, "participants-0-title": "Chairman"}
        form = refused_by_form(client, session, typed)
        assert form["participants-0-title"] == message
        rows = [{"organisation": org_id(session, "PASHA"), "title": "Chairman"}]
        assert refused_as_command(session, command_fields(session, participants=rows)) == {
            "participants.0.title": message
        }

    def test_our_lead_is_a_member_of_staff_who_can_sign_in(self, client, api, session):
        message = "Choose a member of staff from the list."
        leaver = User(email="leaver@example.org", display_name="Lea Ver", role="editor")
        session.add(leaver)
        session.flush()
        page = client.get("/meetings/new").text
        assert f'<option value="{leaver.id}"' in page
        # Deactivated while the form was open.
        leaver.active = False
        session.flush()
        lead = {"lead_id": str(leaver.id)}
        form = refused_by_form(client, session, {**NEW_MEETING, **WITH_A_NEW_BODY, **lead})
        assert form["lead_id"] == message
        assert refused_by_api(api, session, api_body(session, lead_id=leaver.id)) == {
            "lead_id": message
        }
        assert refused_as_command(session, command_fields(session, lead_id=leaver.id)) == {
            "lead_id": message
        }

    def test_topics_are_named_by_existing_ids(self, client, api, session):
        message = "There is no topic with id 99999."
        form = refused_by_form(
            client, session, {**NEW_MEETING, **WITH_A_NEW_BODY, "topic_ids": ["99999"]}
        )
        assert form["topic_ids"] == message
        assert refused_by_api(api, session, api_body(session, topic_ids=[99999])) == {
            "topic_ids": message
        }

    def test_a_follow_up_says_whom_to_follow_up(self, client, api, session):
        """A follow-up made in a meeting is written by the follow-up command: the rule and
        its words are the ones the follow-up API gives."""
        message = "Say whom to follow up: an organisation or a contact."
        typed = {
            **NEW_MEETING,
            **WITH_A_NEW_BODY,
            "follow_ups-0-due_date": "2026-12-01",
            "follow_ups-0-purpose": "Send the minutes",
        }
        form = refused_by_form(client, session, typed)
        assert form["follow_ups-0-organisation"] == message
        before = written(session)
        alone = api.post(
            "/api/v1/follow-ups", json={"due_date": "2026-12-01", "purpose": "Send the minutes"}
        )
        assert alone.status_code == 422
        assert {e["field"]: e["message"] for e in alone.json()["errors"]} == {
            "organisation_id": message
        }
        assert written(session) == before


def post_drawn(client, page: str, **typed: Any):
    """Submits a form as it was drawn on a page the person has had open for a while."""
    form = form_on(page, form_id="meeting-form")
    data: dict[str, list[str]] = {}
    for name, value in form.values(**typed):
        data.setdefault(name, []).append(value)
    return client.post(form.action, data=data, follow_redirects=False)


class TestAStaleEditIsRefusedThroughEveryDoor:
    def test_neither_door_overwrites_a_colleagues_change(self, client, api, session):
        stmt = select(Meeting.id).where(Meeting.title.like("STZA delegation%"))
        meeting_id = session.scalars(stmt).one()
        url = f"/api/v1/meetings/{meeting_id}"
        page = client.get(f"/meetings/{meeting_id}/edit").text
        read = api.get(url)
        colleague = api.patch(
            url, json={"venue": "The colleague's venue"}, headers={"If-Match": read.headers["etag"]}
        )
        assert colleague.status_code == 200
        before = written(session)
        stale_form = post_drawn(client, page, venue="My venue")
        assert stale_form.status_code == 409
        assert "Someone else saved this record" in stale_form.text
        stale_api = api.patch(
            url, json={"venue": "My venue"}, headers={"If-Match": read.headers["etag"]}
        )
        assert stale_api.status_code == 412
        assert written(session) == before
        assert session.get(Meeting, meeting_id).venue == "The colleague's venue"


class TestTheSameRowsThroughEveryDoor:
    def test_a_good_meeting_writes_the_same_rows_by_form_api_and_command(
        self, client, api, session
    ):
        topic = session.scalars(select(Topic).order_by(Topic.id)).first()
        chairman = session.scalars(select(Contact).where(Contact.full_name == "Amer Hashmi")).one()
        pasha, stza = org_id(session, "PASHA"), org_id(session, "STZA")
        common = {
            "kind": "working_meeting",
            "status": "held",
            "date": "2026-11-20",
            "start_time": "10:00",
            "end_time": "11:30",
            "venue": "STZA boardroom",
            "city": "Karachi",
            "province": "sindh",
            "topic_ids": [topic.id],
        }
        by_form = submit(
            client,
            "/meetings/new",
            form_id="meeting-form",
            **{k: v for k, v in common.items() if k != "topic_ids"},
            title="Same rows (form)",
            topic_ids=[str(topic.id)],
            **{
                "participants-0-organisation": "PASHA",
                "participants-0-side": "counterpart",
                "participants-1-organisation": "STZA",
                "participants-1-contact": "Amer Hashmi",
                "participants-1-side": "ours",
                "participants-1-role": "led_delegation",
            },
        )
        assert by_form.status_code == 303, form_errors(by_form.text)
        by_api = api.post(
            "/api/v1/meetings",
            json={
                **common,
                "title": "Same rows (API)",
                "participants": [
                    {"organisation_id": pasha, "side": "counterpart"},
                    {
                        "organisation_id": stza,
                        "contact_id": chairman.id,
                        "side": "ours",
                        "role": "led_delegation",
                    },
                ],
            },
        )
        assert by_api.status_code == 201, by_api.text
        create_meeting(
            session,
            CreateMeeting(
                **common,
                title="Same rows (command)",
                participants=[
                    {"organisation": pasha, "side": "counterpart"},
                    {
                        "organisation": stza,
                        "contact": chairman.id,
                        "side": "ours",
                        "role": "led_delegation",
                    },
                ],
            ),
        )
        session.flush()
        rows = [_rows(session, f"Same rows ({door})") for door in ("form", "API", "command")]
        assert rows[0] == rows[1] == rows[2]
        meeting, participants, topics = rows[0]
        assert meeting["venue"] == "STZA boardroom"
        assert meeting["date_confirmed"] is True
        held = session.scalars(
            select(Affiliation.id).where(
                Affiliation.contact_id == chairman.id, Affiliation.organisation_id == stza
            )
        ).one()
        assert participants == [
            (pasha, None, None, "counterpart", "attended"),
            (stza, chairman.id, held, "ours", "led_delegation"),
        ]
        assert topics == [topic.id]


def _rows(session, title: str) -> tuple[dict[str, Any], list[tuple], list[int]]:
    session.expire_all()
    meeting = session.scalars(select(Meeting).where(Meeting.title == title)).one()
    fields = {
        c: getattr(meeting, c)
        for c in (
            "kind",
            "status",
            "date",
            "start_time",
            "end_time",
            "date_confirmed",
            "venue",
            "city",
            "province",
            "lead_id",
            "summary",
            "minutes",
        )
    }
    participants = session.execute(
        select(
            Participant.organisation_id,
            Participant.contact_id,
            Participant.affiliation_id,
            Participant.side,
            Participant.role,
        )
        .where(Participant.meeting_id == meeting.id)
        .order_by(Participant.position)
    ).all()
    topics = session.scalars(
        select(meeting_topic.c.topic_id).where(meeting_topic.c.meeting_id == meeting.id)
    ).all()
    return fields, [tuple(p) for p in participants], sorted(topics)
