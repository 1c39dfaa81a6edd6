"""Two people on the same record's edit form, on every form but the meeting's (its own
test is in tests/meeting): the one who saves second is refused, and the form shown again
holds the first one's change beside their own, so saving it again loses neither. Each
edit form is opened from its record's page, as a person opens it."""

from __future__ import annotations

import html as html_lib
import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from app.commitment.models import Pledge
from app.contact.models import Contact
from app.organisation.models import Organisation
from tests.browser_forms import form_on, submit_shown
from tests.pages.test_pages import text_of


def _edit_link(client, record_page: str, label: str) -> str:
    """The record page's link named `label` to its own edit form."""
    page = client.get(record_page).text
    links = re.findall(r'<a[^>]*href="([^"]+)"[^>]*>([^<]*)</a>', page)
    found = [
        html_lib.unescape(href)
        for href, text in links
        if text.strip() == label and urlsplit(html_lib.unescape(href)).path.startswith(record_page)
    ]
    assert found, f"no link {label!r} to its edit form on {record_page}"
    return found[0]


def _sindh(session) -> str:
    named = Organisation.name == "Government of Sindh"
    return f"/organisations/{session.scalar(select(Organisation.id).where(named))}"


CASES = {
    # record page, the edit link's text, (field, value) saved first, then second
    "organisation": (
        _sindh,
        "Edit",
        ("city", "Karachi Central"),
        ("website", "https://sindh.example.org/b"),
    ),
    "contact": (
        lambda s: f"/contacts/{s.scalar(select(Contact.id).order_by(Contact.id))}",
        "Edit",
        ("phones", "+92 21 1234567"),
        ("notes", "Met twice; prefers e-mail"),
    ),
    "pledge": (
        lambda s: f"/pledges/{s.scalar(select(Pledge.id).order_by(Pledge.id))}",
        "Correct this pledge",  # its form posts to its own address
        ("due_date", "2027-01-15"),
        ("text", "Corrected from the second tab"),
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_refused_edit_keeps_the_colleagues_change_and_its_own(client, session, case):
    record_page, label, (first_field, first_value), (own_field, own_value) = CASES[case]
    edit = _edit_link(client, record_page(session), label)
    which = {"form_id": "edit-form"} if case == "pledge" else {"action_ends": "/edit"}
    tab_a, tab_b = client.get(edit), client.get(edit)
    assert tab_a.status_code == 200
    form = form_on(tab_a.text, **which)
    assert dict(form.fields)[first_field] != first_value  # a real change

    first = submit_shown(client, tab_a, **which, **{first_field: first_value})
    assert first.status_code == 303
    second = submit_shown(client, tab_b, **which, **{own_field: own_value})
    assert second.status_code == 409
    assert "Nothing from your form has been saved yet" in text_of(second.text, "conflict")
    label = {"organisation": "City", "contact": "Phones", "pledge": "Due"}[case]  # as labelled
    assert text_of(second.text, "conflict-taken").endswith(f"had not changed it: {label}.")
    shown = dict(form_on(second.text, **which).fields)
    assert (shown[first_field], shown[own_field]) == (first_value, own_value)

    third = submit_shown(client, second, **which)
    assert third.status_code == 303
    again = dict(form_on(client.get(edit).text, **which).fields)
    assert (again[first_field], again[own_field]) == (first_value, own_value)
