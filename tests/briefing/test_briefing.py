"""The briefing pack an officer reads before the next meeting."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.commitment.models import Pledge
from app.organisation.models import Organisation
from tests.pages.test_pages import text_of

TODAY = date(2026, 11, 22)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("app.briefing.routes.today", lambda: TODAY)
    monkeypatch.setattr("app.web.today", lambda: TODAY)


@pytest.fixture
def sindh(session) -> Organisation:
    org = session.scalars(
        select(Organisation).where(Organisation.name == "Government of Sindh")
    ).one()
    pledge = session.scalars(select(Pledge).where(Pledge.text.like("STZA's resolute%"))).one()
    pledge.due_date = TODAY - timedelta(days=20)
    session.commit()
    return org


def test_briefing_for_the_government_of_sindh(client, sindh):
    html = client.get(f"/organisations/{sindh.id}/briefing").text
    assert "Dr Sohail Rajput, Chief Secretary Sindh" in text_of(html, "briefing-people")
    pledges = text_of(html, "briefing-pledges")
    assert "STZA's resolute support for launching Special Technology Zones in Sindh." in pledges
    assert "Full support and commitment" in pledges  # made by it, too
    assert pledges.index("resolute") < pledges.index("Full support")  # overdue first
    agenda = text_of(html, "briefing-agenda")
    assert "Chase our pledge: STZA's resolute support" in agenda
    assert "20 days overdue" in agenda
    assert "Innovation clusters" in text_of(html, "briefing-topics")
    assert "A high-level STZA delegation" in text_of(html, "briefing-meetings")


def test_briefing_pdf(client, sindh):
    response = client.get(f"/organisations/{sindh.id}/briefing.pdf")
    assert response.headers["content-type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Government of Sindh" in text
    assert "Chief Secretary Sindh" in text
    assert "20 days overdue" in text


def test_unknown_organisation_is_404(client):
    assert client.get("/organisations/999999/briefing").status_code == 404


def test_a_parent_bodys_pack_covers_its_departments(client, session, sindh):
    ist = session.scalars(select(Organisation).where(Organisation.acronym == "IST Sindh")).one()
    from app.commitment.models import FollowUp

    session.add(
        FollowUp(
            organisation_id=ist.id,
            due_date=TODAY - timedelta(days=3),
            purpose="Send IST the zone incentives note",
        )
    )
    session.commit()
    # Opened from the organisation page, as staff do.
    page = client.get(f"/organisations/{sindh.id}").text
    assert f"/organisations/{sindh.id}/briefing" in page
    html = client.get(f"/organisations/{sindh.id}/briefing").text
    people = text_of(html, "briefing-people")
    assert "Asif Ikram" in people
    assert "(IST Sindh)" in people
    assert "Tanzeela" in people  # the Chief Minister's Office, a department too
    agenda = text_of(html, "briefing-agenda")
    assert "Close the overdue follow-up: Send IST the zone incentives note" in agenda


def _pdf_pages(client, org) -> list[str]:
    response = client.get(f"/organisations/{org.id}/briefing.pdf")
    return [
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(response.content)).pages
    ]


def test_the_pdf_has_a_footer_of_its_own_on_every_page(client, sindh):
    pages = _pdf_pages(client, sindh)
    for n, page in enumerate(pages, 1):
        assert (
            "Special Technology Zones Authority · Briefing pack: Government of Sindh"
            " · made 22 Nov 2026"
        ) in page
        assert f"Page {n} of {len(pages)}" in page
        assert "engagement report" not in page.lower()  # not the report's footer


def test_agenda_points_come_from_what_is_open(client, session, sindh):
    """Their overdue pledge, ours, a third party's, an action and a follow-up agreed at
    the last meeting, most overdue first; "agree a rhythm" is not the only point."""
    from app.commitment.models import ActionItem, FollowUp
    from app.contact.models import Contact
    from app.meeting.models import Meeting, Participant

    theirs = session.scalars(select(Pledge).where(Pledge.text.like("Full support%"))).one()
    theirs.due_date = TODAY - timedelta(days=45)
    rajput = session.scalars(select(Contact).where(Contact.full_name == "Sohail Rajput")).one()
    pasha = session.scalars(select(Organisation).where(Organisation.acronym == "PASHA")).one()
    last = Meeting(
        title="Sindh zones follow-up call",
        kind="call",
        date=TODAY - timedelta(days=10),
        status="held",
        participants=[Participant(organisation_id=sindh.id, side="counterpart")],
    )
    session.add(last)
    session.flush()
    session.add_all(
        [
            Pledge(
                meeting_id=last.id,
                maker_organisation_id=pasha.id,
                recipient_organisation_id=sindh.id,
                text="PASHA will name three firms for the Karachi zone",
            ),
            ActionItem(meeting_id=last.id, text="Send the draft zone rules to Sindh"),
            FollowUp(  # with a person, naming no organisation
                meeting_id=last.id,
                contact_id=rajput.id,
                due_date=TODAY + timedelta(days=20),
                purpose="Call on the Chief Secretary in December",
            ),
        ]
    )
    session.commit()
    agenda = text_of(client.get(f"/organisations/{sindh.id}/briefing").text, "briefing-agenda")
    expected = [
        "Chase their pledge: Full support",
        "45 days overdue",
        "Chase our pledge: STZA's resolute support",
        "20 days overdue",
        "Progress on PASHA's pledge from the last meeting: PASHA will name three firms",
        "Report on the action agreed at the last meeting: Send the draft zone rules to Sindh",
        "The follow-up planned at the last meeting: Call on the Chief Secretary in December",
    ]
    positions = [agenda.index(point) for point in expected]
    assert positions == sorted(positions)
    assert "Agree a regular rhythm" not in agenda  # met ten days ago
    assert "Send the draft zone rules to Sindh" in text_of(
        client.get(f"/organisations/{sindh.id}/briefing").text, "briefing-actions"
    )
