"""Pledges, action items and follow-ups corrected after they were saved, through the
forms their pages draw: the same rules as the API, the same edit-conflict check, the
change in the audit trail, and editors only."""

from __future__ import annotations

from sqlalchemy import select

from app.commitment.models import ActionItem, FollowUp, Pledge
from app.organisation.models import Organisation
from tests.browser_forms import form_on, submit
from tests.pages.test_pages import text_of


def _a_pledge(session) -> Pledge:
    return session.scalars(select(Pledge).order_by(Pledge.id)).first()


def _org(session, acronym: str) -> Organisation:
    return session.scalars(select(Organisation).where(Organisation.acronym == acronym)).one()


def test_correct_a_pledges_maker_due_date_and_recipient(client, session):
    pledge = _a_pledge(session)
    detail = client.get(f"/pledges/{pledge.id}").text
    assert f'href="http://testserver/pledges/{pledge.id}/edit"' in detail
    response = submit(
        client,
        f"/pledges/{pledge.id}/edit",
        form_id="edit-form",
        maker="PASHA",
        recipient="",
        due_date="15/12/2026",
    )
    assert response.status_code == 303, text_of(response.text, "errors-summary")
    session.expire_all()
    corrected = session.get(Pledge, pledge.id)
    assert corrected.maker_organisation_id == _org(session, "PASHA").id
    assert corrected.recipient_organisation_id is None
    assert corrected.due_date.isoformat() == "2026-12-15"
    page = client.get(response.headers["location"]).text
    assert "15 December 2026" in page
    assert "The pledge was corrected." in page
    history = page.split('id="history-h"')[1]
    assert "Updated</strong> by Test Editor" in history
    assert "Due date" in history
    assert "15 December 2026" in history


def test_a_name_that_is_not_an_organisation_comes_back_with_everything_typed(client, session):
    pledge = _a_pledge(session)
    response = submit(
        client,
        f"/pledges/{pledge.id}/edit",
        form_id="edit-form",
        maker="Pakistan Software Houses Assocation",
        text="Corrected wording",
    )
    assert response.status_code == 422
    assert "Did you mean “Pakistan Software Houses Association”?" in text_of(
        response.text, "errors-summary"
    )
    assert "Corrected wording" in response.text
    session.expire_all()
    assert session.get(Pledge, pledge.id).text != "Corrected wording"


def test_a_second_correction_from_the_same_version_is_refused(client, session):
    pledge = _a_pledge(session)
    page = client.get(f"/pledges/{pledge.id}/edit").text
    form = form_on(page, form_id="edit-form")
    first = client.post(
        f"/pledges/{pledge.id}/edit",
        data=dict(form.values(text="First correction")),
        follow_redirects=False,
    )
    assert first.status_code == 303
    second = client.post(
        f"/pledges/{pledge.id}/edit",
        data=dict(form.values(text="Second correction")),
        follow_redirects=False,
    )
    assert second.status_code == 409
    assert "Second correction" in second.text
    session.expire_all()
    assert session.get(Pledge, pledge.id).text == "First correction"


def test_correct_an_action_item_and_a_follow_up(client, session):
    action = ActionItem(text="Send the zone rules", due_date=None)
    follow_up = FollowUp(
        organisation_id=_org(session, "PASHA").id,
        due_date=__import__("datetime").date(2026, 12, 1),
        purpose="Call about the incubator",
    )
    session.add_all([action, follow_up])
    session.commit()
    listing = client.get("/actions", params={"who": "all"}).text
    assert 'Correct<span class="visually-hidden"> “Send the zone rules”' in listing
    done = submit(
        client,
        f"/actions/{action.id}/edit",
        form_id="edit-form",
        text="Send the zone rules and incentives",
        due_date="2026-12-20",
        priority="high",
    )
    assert done.status_code == 303
    done = submit(
        client,
        f"/follow-ups/{follow_up.id}/edit",
        form_id="edit-form",
        organisation="PAFLA",
        due_date="",
    )
    assert done.status_code == 422
    assert "due_date" in done.text
    done = submit(
        client,
        f"/follow-ups/{follow_up.id}/edit",
        form_id="edit-form",
        organisation="PAFLA",
        due_date="05/01/2027",
    )
    assert done.status_code == 303
    session.expire_all()
    assert session.get(ActionItem, action.id).priority == "high"
    moved = session.get(FollowUp, follow_up.id)
    assert (moved.organisation_id, moved.due_date.isoformat()) == (
        _org(session, "PAFLA").id,
        "2027-01-05",
    )


def test_viewers_cannot_correct(viewer_client, session):
    pledge = _a_pledge(session)
    assert viewer_client.get(f"/pledges/{pledge.id}/edit").status_code == 403


def test_messages_name_fields_as_their_forms_label_them(client, session):
    """ "Text: This is required" sent people looking for a field called text."""
    pledge = _a_pledge(session)
    emptied = submit(client, f"/pledges/{pledge.id}/edit", form_id="edit-form", text="   ")
    assert emptied.status_code == 422
    assert "What was pledged: This is required." in text_of(emptied.text, "errors-summary")
    action = ActionItem(text="Circulate minutes")
    session.add(action)
    session.commit()
    emptied = submit(client, f"/actions/{action.id}/edit", form_id="edit-form", text="")
    assert "Action: This is required." in text_of(emptied.text, "errors-summary")
    logged = submit(
        client,
        "/meetings/new",
        form_id="meeting-form",
        title="A long pledge",
        **{
            "participants-0-organisation": "PASHA",
            "pledges-0-maker": "PASHA",
            "pledges-0-text": "x" * 5001,
        },
    )
    assert logged.status_code == 422
    summary = text_of(logged.text, "errors-summary")
    assert "Pledge 1, what was pledged: Use at most 5,000 characters." in summary
