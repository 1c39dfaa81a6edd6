"""A big organisation's page names some of its people and links to all of them."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from app.contact.models import Affiliation, Contact
from app.organisation.models import Organisation
from tests.browser_forms import submit


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


def test_people_are_named_by_name_and_those_who_left_most_recent_first(client, session):
    """Read in one pass (app.organisation.queries.people_at): names in order whatever
    their case or honorific, ties kept apart, the archived left out, the counts of all."""
    org = Organisation(name="Ordering Body", acronym="OB", kind="company")
    session.add(org)
    names = [
        (None, "zara khan"),
        ("Dr.", "Ahmed Ali"),
        ("Dr.", "bilal Shah"),
        (None, "ahmed ali"),
        (None, "Farah Noor"),
        ("Dr.", "Chaudhry Umar"),
    ]
    for n, (honorific, name) in enumerate(names):
        person = Contact(full_name=name, honorific=honorific)
        session.add(Affiliation(contact=person, organisation=org, title=f"Post {n}"))
    gone = Contact(full_name="Archived Person", archived_at=datetime.now(UTC))
    session.add(Affiliation(contact=gone, organisation=org, title="Hidden"))
    for n in range(33):
        person = Contact(full_name=f"Left {n:02d}")
        left = date(2020, 1, 1) + timedelta(days=40 * n)
        session.add(Affiliation(contact=person, organisation=org, title="Was here", end_date=left))
    session.commit()

    # Found as a person finds it: the list's search form, then the body's link.
    found = submit(client, "/organisations", action_ends="/organisations", q="Ordering Body")
    link = re.search(
        r'href="(http://testserver/organisations/\d+)"[^>]*>Ordering Body<', found.text
    )
    assert link is not None, found.text
    page = client.get(link.group(1)).text
    people = page.split('id="people-h"', 1)[1].split("</section>", 1)[0]
    now = re.findall(r'dir="auto">([^<]+)</a>, <span dir="auto">(Post \d)', people)
    # The same name in two cases: the one recorded first comes first.
    assert now == [
        ("Dr. Ahmed Ali", "Post 1"),
        ("ahmed ali", "Post 3"),
        ("Dr. bilal Shah", "Post 2"),
        ("Dr. Chaudhry Umar", "Post 5"),
        ("Farah Noor", "Post 4"),
        ("zara khan", "Post 0"),
    ]
    assert "Archived Person" not in people
    assert "Past affiliations (33)" in people
    left = re.findall(r"Left (\d\d)", people)
    assert left == [f"{n:02d}" for n in range(32, 2, -1)]
    assert "The 30 who left most recently are shown" in people
