"""Creating and editing organisations without creating duplicates."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.organisation.models import Organisation


def org(session, name: str) -> Organisation:
    stmt = (
        select(Organisation)
        .where(Organisation.name == name)
        .options(selectinload(Organisation.aliases))
    )
    return session.scalars(stmt).one()


def test_create_with_aliases_and_parent(client, session):
    response = client.post_form(
        "/organisations/new",
        {
            "name": "Sindh Board of Investment",
            "acronym": "SBI",
            "kind": "provincial_government",
            "aliases": "Board of Investment Sindh\nSBI Karachi",
            "parent": "Sindh Secretariat",
            "province": "sindh",
            "influence": "4",
            "interest": "5",
            "stance": "supportive",
        },
    )
    assert response.status_code == 303
    created = org(session, "Sindh Board of Investment")
    assert sorted(a.alias for a in created.aliases) == ["Board of Investment Sindh", "SBI Karachi"]
    assert created.parent_id == org(session, "Government of Sindh").id
    page = client.get(response.headers["location"]).text
    assert "Board of Investment Sindh, SBI Karachi" in page


def test_same_name_in_another_case_is_refused(client):
    response = client.post_form(
        "/organisations/new",
        {"name": "pakistan freelancers association", "kind": "industry_association"},
    )
    assert response.status_code == 422
    assert "“Pakistan Freelancers Association” already exists" in response.text


def test_lookalike_warns_and_can_be_created_anyway(client, session):
    data = {"name": "Pakistan Software Houses Assn", "kind": "industry_association"}
    response = client.post_form("/organisations/new", data)
    assert response.status_code == 422
    assert "looks like “Pakistan Software Houses Association”" in response.text
    assert 'value="Pakistan Software Houses Assn"' in response.text
    assert client.post_form("/organisations/new", {**data, "create_anyway": "1"}).status_code == 303
    assert org(session, "Pakistan Software Houses Assn").kind == "industry_association"


def test_alias_of_another_organisation_warns(client):
    response = client.post_form(
        "/organisations/new", {"name": "Software Body", "kind": "company", "aliases": "P@SHA"}
    )
    assert response.status_code == 422
    assert "“P@SHA” looks like “Pakistan Software Houses Association”" in response.text


def test_out_of_range_and_bad_values_are_explained(client):
    response = client.post_form(
        "/organisations/new",
        {"name": "X Ltd", "kind": "company", "influence": "7", "website": "javascript:alert(1)"},
    )
    assert response.status_code == 422
    assert "Enter a number from 1 to 5." in response.text
    assert "Enter a web address starting with http:// or https://." in response.text


def test_concurrent_edit_is_caught(client, session):
    pasha = org(session, "Pakistan Software Houses Association")
    form = {
        "name": pasha.name,
        "acronym": "PASHA",
        "kind": "industry_association",
        "aliases": "P@SHA",
        "version": str(pasha.version),
    }
    assert (
        client.post_form(f"/organisations/{pasha.id}/edit", {**form, "city": "Karachi"}).status_code
        == 303
    )
    second = client.post_form(f"/organisations/{pasha.id}/edit", {**form, "city": "Lahore"})
    assert second.status_code == 409
    assert 'value="Lahore"' in second.text
    session.expire_all()
    assert org(session, "Pakistan Software Houses Association").city == "Karachi"


def test_organisation_page_shows_its_history(client, session):
    pasha = org(session, "Pakistan Software Houses Association")
    client.post_form(
        f"/organisations/{pasha.id}/edit",
        {
            "name": pasha.name,
            "acronym": "PASHA",
            "kind": "industry_association",
            "aliases": "P@SHA",
            "city": "Karachi",
            "version": str(pasha.version),
        },
    )
    html = client.get(f"/organisations/{pasha.id}").text
    assert "Test Editor" in html
    assert "City" in html
