"""An organisation's page is rendered once per data generation; every change shows at once."""

from __future__ import annotations

from sqlalchemy import select

from app.organisation.models import Organisation, OrganisationAlias


def _pasha(session) -> Organisation:
    return session.scalars(select(Organisation).where(Organisation.acronym == "PASHA")).one()


def test_changes_to_what_the_page_shows_appear_at_once(client, api, session):
    org = _pasha(session)
    url = f"/organisations/{org.id}"
    assert "Software Houses of Lahore" not in client.get(url).text
    assert client.get(url).text == client.get(url).text  # served from the cache

    session.add(OrganisationAlias(organisation_id=org.id, alias="Software Houses of Lahore"))
    session.commit()
    assert "Software Houses of Lahore" in client.get(url).text

    made = api.post(
        "/api/v1/meetings",
        json={
            "title": "Quarterly review with PASHA",
            "kind": "call",
            "date": "2026-11-20",
            "participants": [{"organisation_id": org.id, "side": "counterpart"}],
        },
    )
    assert made.status_code == 201
    assert "Quarterly review with PASHA" in client.get(url).text


def test_the_title_and_a_missing_organisation(client, session):
    org = _pasha(session)
    page = client.get(f"/organisations/{org.id}").text
    assert f"<title>{org.name} · Engage</title>" in page
    missing = client.get("/organisations/999999")
    assert missing.status_code == 404
    assert "There is no organisation number 999999." in missing.text


def test_an_editor_and_a_viewer_each_get_their_own_page(client, viewer_client, session):
    url = f"/organisations/{_pasha(session).id}"
    assert ">Edit</a>" in client.get(url).text
    assert ">Edit</a>" not in viewer_client.get(url).text
