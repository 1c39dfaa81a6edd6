"""Each rule for contacts and their titles, through the contact form and through the API:
the same bad command is refused with the same words about the same field and writes
nothing; the same good command gives the same row."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.contact.models import Affiliation, Contact
from app.contact.privacy import erase_contact
from tests.browser_forms import submit
from tests.contract.doors import api_refusal, api_write, everything, form_refusal, row

NEW, API = "/contacts/new", "/api/v1/contacts"


def _contact(session: Session, name: str) -> Contact:
    return session.scalars(select(Contact).where(Contact.full_name == name)).one()


def _form_values(body: dict[str, Any]) -> dict[str, str]:
    return {k: "\n".join(v) if isinstance(v, list) else str(v) for k, v in body.items()}


NEW_CONTACT = [
    ("a name is required", {"full_name": ""}, {"full_name": "This is required."}),
    (
        "a name is at most 200 characters",
        {"full_name": "N" * 201},
        {"full_name": "Use at most 200 characters."},
    ),
    (
        "an e-mail address is one",
        {"emails": ["ali@stza.gov.pk", "ali at stza"]},
        {"emails": "“ali at stza” is not an e-mail address."},
    ),
    (
        "a phone number is one",
        {"phones": ["call me maybe"]},
        {"phones": "“call me maybe” is not a phone number."},
    ),
    (
        "an honorific is short",
        {"honorific": "H" * 41},
        {"honorific": "Use at most 40 characters."},
    ),
]


@pytest.mark.parametrize(
    ("typed", "refusal"), [c[1:] for c in NEW_CONTACT], ids=[c[0] for c in NEW_CONTACT]
)
def test_a_new_contact_is_refused_alike_through_the_form_and_the_api(
    client, api, session, typed, refusal
):
    body = {"full_name": "Ali Raza", **typed}
    before = everything(session)
    assert form_refusal(client, NEW, _form_values(body), action_ends=NEW) == refusal
    assert everything(session) == before
    assert api_refusal(api, "POST", API, body) == refusal
    assert everything(session) == before


def test_a_title_cannot_end_before_it_started(client, api, session):
    person = _contact(session, "Sohail Rajput")
    affiliation = session.scalars(
        select(Affiliation).where(Affiliation.contact_id == person.id)
    ).first()
    session.execute(
        update(Affiliation)
        .where(Affiliation.id == affiliation.id)
        .values(start_date=dt.date(2021, 3, 1))
    )
    session.flush()
    field = f"end-{affiliation.id}"
    refusal = {"end_date": "The end date is before the start date."}
    before = everything(session)
    page = f"/contacts/{person.id}/edit"
    typed = {field: "2020-01-31", "notes": "Left in 2020."}
    found = form_refusal(client, page, typed, names={field: "end_date"}, action_ends="/edit")
    assert found == refusal
    assert everything(session) == before
    url = f"/api/v1/affiliations/{affiliation.id}"
    assert api_refusal(api, "PATCH", url, {"end_date": "2020-01-31"}) == refusal
    assert everything(session) == before


def test_an_erased_contact_is_not_written_again(client, api, session):
    person = _contact(session, "Sohail Rajput")
    erase_contact(session, person.id)
    session.flush()
    refusal = {"full_name": "This contact was erased at their request."}
    before = everything(session)
    page = f"/contacts/{person.id}/edit"
    found = form_refusal(client, page, {"notes": "Back again."}, action_ends="/edit")
    assert found == refusal
    assert everything(session) == before
    assert api_refusal(api, "PATCH", f"{API}/{person.id}", {"notes": "Back again."}) == refusal
    assert everything(session) == before


GOOD = {
    "honorific": "Dr",
    "full_name": "Ayesha Khan",
    "emails": ["ayesha@example.pk", "a.khan@example.org"],
    "phones": ["+92 21 1234567"],
    "notes": "Met at ITCN Asia.",
}


def test_the_same_new_contact_through_the_form_and_the_api(client, api, session):
    response = submit(client, NEW, action_ends=NEW, **_form_values(GOOD))
    assert response.status_code == 303, response.text[:2000]
    api_write(api, "POST", API, GOOD)
    session.expire_all()
    stmt = select(Contact).where(Contact.full_name == GOOD["full_name"]).order_by(Contact.id)
    through_form, through_api = (row(c) for c in session.scalars(stmt))
    assert through_form == through_api
    assert through_form["emails"] == GOOD["emails"]
