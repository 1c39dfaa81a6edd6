"""One matcher for duplicate warnings, import and ingest."""

from __future__ import annotations

import pytest

from app.matching import ContactEntry, ContactMatcher, MatchKind, OrganisationMatcher


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
