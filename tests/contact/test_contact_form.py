"""Creating and editing contacts and their affiliations."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.contact.models import Contact
from app.meeting.models import Meeting
from tests.pages.test_pages import text_of


def contact(session, name: str) -> Contact:
    stmt = (
        select(Contact).where(Contact.full_name == name).options(selectinload(Contact.affiliations))
    )
    return session.scalars(stmt).one()


def test_create_with_an_urdu_name_and_an_affiliation(client, session):
    response = client.post_form(
        "/contacts/new",
        {
            "full_name": "تنزیلہ ام حبیبہ",
            "emails": "tanzeela@sindh.gov.pk\n",
            "phones": "+92 21 9920 1234",
            "new_organisation": "CM Sindh Office",
            "new_title": "Special Assistant on IT",
        },
    )
    assert response.status_code == 303
    created = contact(session, "تنزیلہ ام حبیبہ")
    assert created.emails == ["tanzeela@sindh.gov.pk"]
    assert [a.title for a in created.affiliations] == ["Special Assistant on IT"]
    assert "تنزیلہ ام حبیبہ" in client.get(response.headers["location"]).text


def test_bad_email_keeps_what_was_typed(client):
    response = client.post_form(
        "/contacts/new", {"full_name": "Ali Raza", "emails": "ali at stza", "notes": "Met at ITCN"}
    )
    assert response.status_code == 422
    assert "“ali at stza” is not an e-mail address" in response.text
    assert "Met at ITCN" in response.text


def test_ending_an_affiliation_keeps_the_title_on_past_meetings(client, session):
    rajput = contact(session, "Sohail Rajput")
    affiliation = rajput.affiliations[0]
    response = client.post_form(
        f"/contacts/{rajput.id}/edit",
        {
            "honorific": "Dr",
            "full_name": "Sohail Rajput",
            "version": str(rajput.version),
            f"end-{affiliation.id}": "2023-01-31",
        },
    )
    assert response.status_code == 303
    session.expire_all()
    assert contact(session, "Sohail Rajput").affiliations[0].end_date == date(2023, 1, 31)
    sindh = session.scalars(select(Meeting.id).where(Meeting.title.like("STZA delegation%"))).one()
    side = text_of(client.get(f"/meetings/{sindh}").text, "side-counterpart")
    assert "Dr Sohail Rajput, Chief Secretary Sindh" in side
