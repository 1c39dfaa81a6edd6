"""The two seed texts: from an empty database ingest recovers the engagement; from the
seeded database everything it proposes is an existing record."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.config import PROJECT_ROOT, Settings
from app.contact.models import Affiliation, Contact
from app.ingest.service import build_draft, form_state
from app.meeting.form_save import save_form
from app.meeting.models import Meeting
from app.organisation.models import Organisation
from tests.conftest import SECRET

SOURCES = PROJECT_ROOT / "seed" / "sources"
SINDH = (SOURCES / "stza-sindh-secretariat-working-meeting.txt").read_text(encoding="utf-8")
MINISTER = (SOURCES / "meet-the-minister-karachi.txt").read_text(encoding="utf-8")
SETTINGS = Settings(database_url="sqlite://", secret_key=SECRET)


def people(draft):
    return {p.name: (p.honorific, p.title, p.organisation, p.side, p.role) for p in draft.people}


def test_sindh_text_from_an_empty_database():
    draft = build_draft(None, SINDH, SETTINGS)
    stza, sindh = "Special Technology Zones Authority", "Sindh Secretariat"
    assert people(draft) == {
        "Amer Hashmi": (None, "Chairman", stza, "ours", "led_delegation"),
        "Javaid Iqbal": (None, "Chief Commercial Officer", stza, "ours", "presented"),
        "Sohail Rajput": ("Dr", "Chief Secretary of Sindh", sindh, "counterpart", "led_delegation"),
        "Asif Ikram": (
            None,
            "Secretary of Information, Science and Technology",
            sindh,
            "counterpart",
            "attended",
        ),
        "Tanzeela Umi Habiba": (
            None,
            "Special Assistant to the CM on IT",
            sindh,
            "counterpart",
            "attended",
        ),
    }
    orgs = {o.name: (o.acronym, o.side, o.role) for o in draft.organisations}
    assert orgs == {
        stza: ("STZA", "ours", "led_delegation"),
        sindh: (None, "counterpart", "led_delegation"),
    }
    presented = {(p.presenter, p.title) for p in draft.presentations}
    assert ("Javaid Iqbal", "Innovation Clusters Strategy") in presented
    pledges = [(p.maker, p.maker_person, p.recipient) for p in draft.pledges]
    assert pledges == [
        (sindh, None, stza),
        (stza, "Amer Hashmi", sindh),
        (stza, "Amer Hashmi", None),
    ]
    assert "resolute support for launching Special Technology Zones" in draft.pledges[1].text
    assert draft.pledges[1].sentence.startswith("He also pledged")
    assert draft.date is None
    assert not draft.date_confirmed
    assert (draft.venue, draft.city, draft.province) == ("Sindh Secretariat", "Karachi", "sindh")
    assert draft.kind == "working_meeting"


def test_minister_text_from_an_empty_database():
    draft = build_draft(None, MINISTER, SETTINGS)
    (minister,) = draft.people
    assert (minister.honorific, minister.name, minister.title) == (
        "Ms",
        "Shaza Khawaja",
        "Minister for IT & Telecom",
    )
    assert minister.organisation == "Ministry of IT & Telecom"
    assert minister.role == "led_delegation"
    assert {o.name for o in draft.organisations} == {
        "Ministry of IT & Telecom",
        "Tech Destination Pakistan",
        "Pakistan Software Houses Association",
        "Pakistan Freelancers Association",
        "Ignite – National Technology Fund",
    }
    makers = [(p.maker, p.recipient) for p in draft.pledges]
    assert makers == [
        ("Ministry of IT & Telecom", None),
        ("Tech Destination Pakistan", None),
        ("Pakistan Software Houses Association", None),
        ("Pakistan Freelancers Association", None),
        ("Ignite – National Technology Fund", None),
    ]
    assert draft.kind == "event"
    assert draft.date is None
    assert draft.title == '"Meet the Minister" event in Karachi'
    assert "WhatsApp" not in draft.source_text  # the channel promotion is not the meeting


@pytest.mark.parametrize("text", [SINDH, MINISTER], ids=["sindh", "minister"])
def test_from_the_seeded_database_everything_is_an_existing_record(session, text):
    draft = build_draft(session, text, SETTINGS)
    assert [o.name for o in draft.organisations if not o.match.found] == []
    assert [p.name for p in draft.people if not p.match.found] == []
    assert [p.name for p in draft.people if p.new_affiliation] == []

    counts = lambda: [  # noqa: E731
        session.scalar(select(func.count()).select_from(m))
        for m in (Organisation, Contact, Affiliation)
    ]
    before = counts()
    meeting = save_form(session, form_state(session, draft, source_reference="test.txt"))
    session.flush()
    assert counts() == before  # confirming created no organisation, person or title
    assert meeting.source_text == draft.source_text
    assert meeting.source_reference == "test.txt"
    assert session.get(Meeting, meeting.id).participants
