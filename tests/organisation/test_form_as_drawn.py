"""The organisation form submitted as the browser draws it: optional choices left alone."""

from __future__ import annotations

from sqlalchemy import select

from app.organisation.models import Organisation
from tests.browser_forms import submit


def test_new_organisation_with_every_optional_choice_left_alone(client, session):
    response = submit(
        client,
        "/organisations/new",
        action_ends="/organisations/new",
        name="Punjab Information Technology Board",
        kind="provincial_government",
    )
    assert response.status_code == 303, response.text[:2000]
    org = session.scalars(
        select(Organisation).where(Organisation.name == "Punjab Information Technology Board")
    ).one()
    assert (org.province, org.influence, org.interest, org.stance) == (None, None, None, None)


def test_a_choice_made_is_kept(client, session):
    response = submit(
        client,
        "/organisations/new",
        action_ends="/organisations/new",
        name="Khyber Pakhtunkhwa IT Board",
        kind="provincial_government",
        province="khyber_pakhtunkhwa",
        influence="4",
        stance="supportive",
    )
    assert response.status_code == 303, response.text[:2000]
    org = session.scalars(
        select(Organisation).where(Organisation.name == "Khyber Pakhtunkhwa IT Board")
    ).one()
    assert (org.province, org.influence, org.interest, org.stance) == (
        "khyber_pakhtunkhwa",
        4,
        None,
        "supportive",
    )
