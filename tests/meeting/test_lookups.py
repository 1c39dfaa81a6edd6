"""Suggestions while typing in the meeting form know acronyms and aliases (issue 15)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("STZA", "Special Technology Zones Authority"),
        ("PASHA", "Pakistan Software Houses Association"),
        ("p@sha", "Pakistan Software Houses Association"),
        ("software houses", "Pakistan Software Houses Association"),
    ],
)
def test_organisations_by_name_acronym_or_alias(client, typed, expected):
    response = client.get("/lookup/organisations", params={"name": typed})
    assert response.status_code == 200
    assert f'value="{expected}"' in response.text


def test_contacts_by_name_or_their_organisations_acronym(client):
    by_acronym = client.get("/lookup/contacts", params={"name": "STZA"}).text
    assert 'value="Amer Hashmi"' in by_acronym
    by_name = client.get("/lookup/contacts", params={"name": "hashmi"}).text
    assert 'value="Amer Hashmi"' in by_name
    assert (
        'value="Amer Hashmi"' not in client.get("/lookup/contacts", params={"name": "PASHA"}).text
    )
