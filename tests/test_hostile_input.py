"""Hostile strings in every text field: shown escaped, or refused with a clear message,
never a server error and never stored half-way."""

from __future__ import annotations

import pytest

from tests.pages.test_pages import text_of

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
TEMPLATE = "{{7*7}}"
HUGE = "x" * 100_000
NUL = "before\x00after"

# (form URL, the other fields a valid submission needs, the text fields to attack)
FORMS = {
    "organisation": (
        "/organisations/new",
        {"name": "Hostile Test Body", "kind": "company"},
        ["name", "acronym", "aliases", "city", "description"],
    ),
    "contact": (
        "/contacts/new",
        {"full_name": "Hostile Tester"},
        ["honorific", "full_name", "notes"],
    ),
    "meeting": (
        "/meetings/new",
        {
            "title": "Hostile test meeting",
            "kind": "call",
            "status": "held",
            "participants-0-organisation": "STZA",
            "participants-0-contact": "Hostile Person",
        },
        [
            "title",
            "venue",
            "city",
            "summary",
            "minutes",
            "participants-0-contact",
            "participants-0-title",
        ],
    ),
}
CASES = [(form, field) for form, (_, _, fields) in FORMS.items() for field in fields]


def submit(client, form: str, field: str, value: str):
    url, base, _ = FORMS[form]
    return client.post_form(url, {**base, field: value})


def escaped_everywhere(html: str) -> None:
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html


@pytest.mark.parametrize(("form", "field"), CASES)
def test_markup_and_template_syntax_are_stored_as_text_and_shown_escaped(client, form, field):
    value = f"{SCRIPT} {IMG} {TEMPLATE}"
    short = field in ("acronym", "honorific")  # 40-character fields
    if short:
        value = value[:40]
    response = submit(client, form, field, value)
    assert response.status_code == 303, text_of(response.text, "errors-summary")
    page = client.get(response.headers["location"]).text
    escaped_everywhere(page)
    assert "{{7*7}}" in page or short


@pytest.mark.parametrize(("form", "field"), CASES)
def test_hundred_kilobyte_strings_are_refused_with_a_message(client, form, field):
    response = submit(client, form, field, HUGE)
    assert response.status_code == 422
    assert "Use at most" in response.text


@pytest.mark.parametrize(("form", "field"), CASES)
def test_nul_bytes_are_refused_with_a_message(client, form, field):
    response = submit(client, form, field, NUL)
    assert response.status_code == 422
    assert "NUL character" in response.text
