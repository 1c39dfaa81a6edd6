"""A new organisation typed in the meeting form can be given its acronym and other names
there, so that the next form finds it by them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.commitment.models import FollowUp, Pledge
from app.organisation.models import Organisation
from tests.browser_forms import form_on, submit
from tests.pages.test_pages import text_of


def test_a_new_organisation_keeps_the_acronym_and_other_names_typed_in_the_meeting_form(
    client, session
):
    answer = submit(
        client,
        "/meetings/new",
        action_ends="/meetings/new",
        **{
            "title": "Visit to the Karachi tech hub",
            "date": "10/11/2026",
            "participants-0-organisation": "Karachi Technology Hub",
            "participants-0-organisation_kind": "company",
            "participants-0-organisation_acronym": "KTH",
            "participants-0-organisation_aliases": "Tech Hub Karachi,  KTH Karachi ,",
            "participants-0-side": "counterpart",
        },
    )
    assert answer.status_code == 303, text_of(answer.text, "errors-summary")
    org = session.scalars(
        select(Organisation)
        .where(Organisation.name == "Karachi Technology Hub")
        .options(selectinload(Organisation.aliases))
    ).one()
    assert org.acronym == "KTH"
    assert sorted(a.alias for a in org.aliases) == ["KTH Karachi", "Tech Hub Karachi"]
    # The next meeting form finds it by its acronym.
    again = submit(
        client,
        "/meetings/new",
        action_ends="/meetings/new",
        **{
            "title": "Second visit",
            "date": "11/11/2026",
            "participants-0-organisation": "KTH",
            "participants-0-side": "counterpart",
        },
    )
    assert again.status_code == 303, text_of(again.text, "errors-summary")
    named = session.scalars(select(Organisation.id).where(Organisation.name.like("%Hub%"))).all()
    assert named == [org.id]  # the same body, not a second one


def test_use_the_name_a_look_alike_warning_offers(client, session):
    typed = {
        "title": "Call with the software houses",
        "date": "12/11/2026",
        "participants-0-organisation": "Pakistan Software Houses Assocation",
        "participants-0-side": "counterpart",
    }
    warned = submit(client, "/meetings/new", action_ends="/meetings/new", **typed)
    assert warned.status_code == 422
    form = form_on(warned.text, action_ends="/meetings/new")
    offered = "participants-0-organisation=Pakistan Software Houses Association"
    assert f'value="{offered}"' in warned.text
    # Pressing "Use …" puts the name on record in the field, saves nothing yet...
    used = client.post(
        "/meetings/new", data=dict([*form.values(), ("use", offered)]), follow_redirects=False
    )
    assert used.status_code == 200
    again = form_on(used.text, action_ends="/meetings/new")
    assert dict(again.values())["participants-0-organisation"] == (
        "Pakistan Software Houses Association"
    )
    # ...and the form then saves with the existing body.
    saved = client.post("/meetings/new", data=dict(again.values()), follow_redirects=False)
    assert saved.status_code == 303, text_of(saved.text, "errors-summary")
    named = session.scalars(
        select(Organisation.name).where(Organisation.name.like("Pakistan Software%"))
    ).all()
    assert named == ["Pakistan Software Houses Association"]


def test_a_new_organisations_acronym_names_it_in_the_rest_of_the_form(client, session):
    """Added in a participant row with its acronym, then named by the acronym as a
    pledge's maker and a follow-up's body: one new organisation, named in all three."""
    logged = submit(
        client,
        "/meetings/new",
        form_id="meeting-form",
        title="Land titles with the board",
        date="2026-11-20",
        **{
            "participants-0-organisation": "Punjab Information Technology Board",
            "participants-0-organisation_kind": "public_authority",
            "participants-0-organisation_acronym": "PITB",
            "pledges-0-maker": "PITB",
            "pledges-0-text": "PITB to share the land title documents",
            "follow_ups-0-organisation": "pitb",
            "follow_ups-0-due_date": "2027-01-10",
            "follow_ups-0-purpose": "Check on the documents",
        },
    )
    assert logged.status_code == 303, text_of(logged.text, "errors-summary")
    board = session.scalars(
        select(Organisation).where(Organisation.name == "Punjab Information Technology Board")
    ).one()
    assert board.acronym == "PITB"
    pledge = session.scalars(select(Pledge).where(Pledge.text.like("PITB to share%"))).one()
    assert pledge.maker_organisation_id == board.id
    follow_up = session.scalars(
        select(FollowUp).where(FollowUp.purpose == "Check on the documents")
    ).one()
    assert follow_up.organisation_id == board.id
