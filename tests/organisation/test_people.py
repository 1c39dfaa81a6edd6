"""A big organisation's page names some of its people and links to all of them."""

from __future__ import annotations

import re
from datetime import date

from app.contact.models import Affiliation, Contact
from app.organisation.models import Organisation


def _big_body(session) -> Organisation:
    org = Organisation(
        name="Punjab Information Technology Board", acronym="PITB", kind="public_authority"
    )
    session.add(org)
    for n in range(35):
        person = Contact(full_name=f"Officer {n:02d}")
        session.add(Affiliation(contact=person, organisation=org, title="Deputy Director"))
    for n in range(25):
        person = Contact(full_name=f"Former {n:02d}")
        session.add(
            Affiliation(
                contact=person,
                organisation=org,
                title="Director",
                end_date=date(2024, 1, 1 + n % 28),
            )
        )
    session.commit()
    return org


def test_a_big_body_lists_the_first_people_and_links_to_everyone(client, session):
    org = _big_body(session)
    page = client.get(f"/organisations/{org.id}").text
    people = page.split('id="people-h"', 1)[1].split("</section>", 1)[0]
    assert len(re.findall(r"Officer \d\d", people)) == 30
    assert "Officer 00" in people
    assert "Officer 34" not in people
    assert f'href="http://testserver/contacts?organisation={org.id}"' in people
    assert "All 35 people at PITB" in people
    assert "Past affiliations (25)" in people
    assert len(re.findall(r"Former \d\d", people)) == 25

    everyone = client.get("/contacts", params={"organisation": org.id}).text
    assert "People at" in everyone
    assert "now (35)" in everyone
    assert "Officer 00" in everyone
    assert "Former" not in everyone
    second = client.get("/contacts", params={"organisation": org.id, "page": 2}).text
    assert "Officer 34" in second
    # Searching by name stays within the organisation.
    found = client.get("/contacts", params={"organisation": org.id, "q": "officer 1"}).text
    assert "now (10)" in found


def test_people_of_an_unknown_organisation_is_a_clear_not_found(client):
    response = client.get("/contacts", params={"organisation": 999999})
    assert response.status_code == 404
    assert "There is no organisation number 999999." in response.text
