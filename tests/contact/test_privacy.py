"""Privacy requests: export everything held on a person; erase them without breaking history."""

from __future__ import annotations

import json

from sqlalchemy import select

from app.audit.models import AuditEvent
from app.commitment.models import Pledge
from app.contact.models import Contact
from app.meeting.models import Participant


def amer(session) -> Contact:
    return session.scalars(select(Contact).where(Contact.full_name == "Amer Hashmi")).one()


def test_export_holds_everything_on_the_contact(admin_client, session):
    contact = amer(session)
    response = admin_client.get(f"/contacts/{contact.id}/export.json")
    assert (
        response.headers["content-disposition"]
        == f'attachment; filename="contact-{contact.id}.json"'
    )
    data = json.loads(response.text)
    assert data["contact"]["full_name"] == "Amer Hashmi"
    assert data["affiliations"] == [
        {
            "organisation": "Special Technology Zones Authority",
            "title": "Chairman",
            "start_date": None,
            "end_date": None,
        }
    ]
    assert [m["role"] for m in data["meetings"]] == ["led_delegation"]
    assert len(data["pledges_made"]) == 2
    assert data["audit_trail"][0]["action"] == "create"


def test_erasure_anonymises_but_keeps_meetings_and_pledges(admin_client, session):
    contact = amer(session)
    contact.emails = ["amer@example.org"]
    session.commit()
    response = admin_client.post_form(f"/contacts/{contact.id}/erase")
    assert response.status_code == 303
    session.expire_all()
    erased = session.get(Contact, contact.id)
    assert (erased.full_name, erased.emails, erased.erased) == (
        f"Erased contact #{contact.id}",
        [],
        True,
    )
    assert session.scalars(select(Participant).where(Participant.contact_id == contact.id)).all()
    assert (
        len(session.scalars(select(Pledge).where(Pledge.maker_contact_id == contact.id)).all()) == 2
    )
    trail = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity_type == "contact", AuditEvent.entity_id == contact.id)
        .order_by(AuditEvent.id)
    ).all()
    assert "Amer Hashmi" not in json.dumps([e.changes for e in trail])
    assert "amer@example.org" not in json.dumps([e.changes for e in trail])
    assert trail[-1].action == "erase"
    page = admin_client.get(f"/contacts/{contact.id}").text
    assert f"Erased contact #{contact.id}" in page
    assert "Amer Hashmi" not in page


def test_only_admins_handle_privacy_requests(client, viewer_client, session):
    contact_id = amer(session).id
    for browser in (client, viewer_client):
        assert browser.get(f"/contacts/{contact_id}/export.json").status_code == 403
        assert browser.post_form(f"/contacts/{contact_id}/erase").status_code == 403
