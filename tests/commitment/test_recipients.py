"""A pledge made to all stakeholders and one whose recipient the source does not name are
different facts: each is typed, stored, shown and exported as itself."""

from __future__ import annotations

from sqlalchemy import select

from app.commitment.models import Pledge
from app.organisation.models import Organisation
from tests.browser_forms import submit
from tests.pages.test_pages import text_of


def _pledge(session, starts: str) -> Pledge:
    return session.scalars(select(Pledge).where(Pledge.text.like(f"{starts}%"))).one()


def _made_to(html: str) -> str:
    return html.split("<dt>Made to</dt>", 1)[1].split("</dd>", 1)[0]


def test_the_seed_tells_everyone_from_not_named(client, session):
    to_everyone = _pledge(session, "To work closely with all stakeholders")
    unnamed = _pledge(session, "The government's commitment to supporting the IT sector")
    assert (to_everyone.to_all_stakeholders, unnamed.to_all_stakeholders) == (True, False)
    assert "All stakeholders" in _made_to(client.get(f"/pledges/{to_everyone.id}").text)
    shown = _made_to(client.get(f"/pledges/{unnamed.id}").text)
    assert "Not named" in shown
    assert "All stakeholders" not in shown
    register = text_of(client.get("/pledges").text, "results")
    assert "Not named" in register


def test_correction_form_moves_a_pledge_between_everyone_an_organisation_and_not_named(
    client, session
):
    pledge = _pledge(session, "The government's commitment to supporting the IT sector")
    url = f"/pledges/{pledge.id}/edit"
    assert submit(client, url, form_id="edit-form", recipient="all stakeholders").status_code == 303
    session.expire_all()
    assert (pledge.recipient_organisation_id, pledge.to_all_stakeholders) == (None, True)
    # The form shows what is stored, so saving it unchanged keeps "everyone".
    assert submit(client, url, form_id="edit-form").status_code == 303
    session.expire_all()
    assert pledge.to_all_stakeholders is True

    assert submit(client, url, form_id="edit-form", recipient="PASHA").status_code == 303
    session.expire_all()
    pasha = session.scalars(select(Organisation).where(Organisation.acronym == "PASHA")).one()
    assert (pledge.recipient_organisation_id, pledge.to_all_stakeholders) == (pasha.id, False)

    assert submit(client, url, form_id="edit-form", recipient="").status_code == 303
    session.expire_all()
    assert (pledge.recipient_organisation_id, pledge.to_all_stakeholders) == (None, False)
    assert "Not named" in _made_to(client.get(f"/pledges/{pledge.id}").text)


def test_meeting_form_reads_all_stakeholders_as_everyone_not_a_new_organisation(client, session):
    response = submit(
        client,
        "/meetings/new",
        action_ends="/meetings/new",
        **{
            "title": "Roundtable on zone incentives",
            "date": "10/11/2026",
            "participants-0-organisation": "PASHA",
            "participants-0-side": "counterpart",
            "pledges-0-maker": "PASHA",
            "pledges-0-recipient": "All stakeholders",
            "pledges-0-text": "Share member survey results with everyone",
            "pledges-1-maker": "PASHA",
            "pledges-1-text": "Nominate two members for the working group",
        },
    )
    assert response.status_code == 303, text_of(response.text, "errors-summary")
    everyone = _pledge(session, "Share member survey results")
    unnamed = _pledge(session, "Nominate two members")
    assert (everyone.recipient_organisation_id, everyone.to_all_stakeholders) == (None, True)
    assert (unnamed.recipient_organisation_id, unnamed.to_all_stakeholders) == (None, False)
    assert not session.scalars(
        select(Organisation).where(Organisation.name.ilike("all stakeholders"))
    ).first()


def test_register_filter_to_all_stakeholders_leaves_out_not_named(client, session):
    answer = submit(client, "/pledges", action_ends="/pledges", to_all="1")
    results = text_of(answer.text, "results")
    assert "To work closely with all stakeholders" in results
    assert "supporting the IT sector" not in results


def test_api_pledge_to_an_organisation_is_never_also_to_everyone(api, session):
    pledge = _pledge(session, "The government's commitment to supporting the IT sector")
    pasha = session.scalars(select(Organisation).where(Organisation.acronym == "PASHA")).one()
    read = api.get(f"/api/v1/pledges/{pledge.id}").json()
    assert (read["recipient_organisation_id"], read["to_all_stakeholders"]) == (None, False)
    answer = api.patch(
        f"/api/v1/pledges/{pledge.id}",
        json={"recipient_organisation_id": pasha.id, "to_all_stakeholders": True},
        headers={"If-Match": f'"{read["version"]}"'},
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["to_all_stakeholders"] is False
    assert answer.json()["recipient_organisation_id"] == pasha.id
