"""One matcher for duplicate warnings, import and ingest."""

from __future__ import annotations

import pytest

from app.matching import (
    ContactEntry,
    ContactMatcher,
    MatchKind,
    OrganisationEntry,
    OrganisationMatcher,
)


@pytest.fixture
def organisations(session) -> OrganisationMatcher:
    return OrganisationMatcher.from_database(session)


@pytest.mark.parametrize(
    ("typed", "kind", "expected"),
    [
        (
            "Pakistan Software Houses Association",
            MatchKind.exact,
            "Pakistan Software Houses Association",
        ),
        (
            "pakistan software houses association",
            MatchKind.exact,
            "Pakistan Software Houses Association",
        ),
        ("PASHA", MatchKind.acronym, "Pakistan Software Houses Association"),
        ("P@SHA", MatchKind.acronym, "Pakistan Software Houses Association"),
        ("Sindh Secretariat", MatchKind.alias, "Government of Sindh"),
        (
            "Ministry of IT & Telecom",
            MatchKind.alias,
            "Ministry of Information Technology and Telecommunication",
        ),
        ("Pakistan Software Houses Assn", MatchKind.fuzzy, "Pakistan Software Houses Association"),
        ("Ignite National Technology Fund", MatchKind.exact, "Ignite – National Technology Fund"),
    ],
)
def test_organisation_names_find_their_record(organisations, typed, kind, expected):
    match = organisations.match(typed)
    assert (match.kind, match.name) == (kind, expected)


@pytest.mark.parametrize("typed", ["Pakistan Engineering Council", "Ministry of Planning", ""])
def test_unrelated_organisations_are_new(organisations, typed):
    assert organisations.match(typed).kind is MatchKind.new


def test_people_match_ignoring_honorifics_and_middle_names():
    matcher = ContactMatcher(
        [ContactEntry(1, "Dr. Muhammad Sohail Rajput"), ContactEntry(2, "Asif Ikram")]
    )
    assert matcher.match("Dr Sohail Rajput").id == 1
    assert matcher.match("asif ikram").kind is MatchKind.exact
    assert matcher.match("Sohail Khan").kind is MatchKind.new
    assert matcher.match("Imran Ikram").kind is MatchKind.new


def test_transliterated_spellings_find_the_stored_person_as_a_close_spelling():
    matcher = ContactMatcher(
        [ContactEntry(1, "Amer Hashmi"), ContactEntry(2, "Muhammad Tanveer Jabbar")]
    )
    amir = matcher.match("Amir Hashmi")
    assert (amir.id, amir.kind) == (1, MatchKind.fuzzy)  # asked before linking, not exact
    assert matcher.match("Mohammed Tanveer Jabbar").id == 2
    assert matcher.match("Amir Khan").kind is MatchKind.new
    assert matcher.match("Imran Hashmi").kind is MatchKind.new


def test_provincial_bodies_never_match_federal_ones_by_spelling():
    matcher = OrganisationMatcher(
        [
            OrganisationEntry(
                1, "Ministry of Information Technology and Telecommunication", None, ()
            ),
            OrganisationEntry(2, "Punjab Information Technology Board", "PITB", ()),
        ]
    )
    assert matcher.match("Information Technology Department Punjab").kind is MatchKind.new
    assert matcher.match("Information Technology Department").kind is MatchKind.new
    assert matcher.match("Ministry of Information Technology & Telecom").id == 1
