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
