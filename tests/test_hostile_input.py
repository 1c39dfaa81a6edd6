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


# ---- numbers and characters in the address ---------------------------------------------
#
# Ids beyond what the id columns hold (2^31 on PostgreSQL, 2^63 on SQLite) are records
# that cannot exist: every route answers 404, never a server error. A NUL character in
# the query string is refused with a message. Routes are walked from the app itself, so a
# new route is covered the day it is added.

from fastapi.routing import APIRoute  # noqa: E402

from app.api.resource import ListQuery  # noqa: E402
from app.filtering import QueryForm  # noqa: E402

HUGE_IDS = [2**31, 2**63, 2**64, -(2**63) - 1]


def _routes(routes) -> list[APIRoute]:
    # FastAPI keeps each included router as one entry holding its own routes.
    found = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):
            found.extend(_routes(route.original_router.routes))
    return found


def _int_path_routes(app):
    for route in _routes(app.routes):
        if "{" not in route.path:
            continue
        params = {f.name: f for f in route.dependant.path_params}
        if params and all(f.field_info.annotation is int for f in params.values()):
            yield route, list(params)


def _request(client, api, method: str, path: str):
    target = api if path.startswith("/api/") else client
    if method == "GET":
        return target.get(path)
    if target is api:
        return target.request(method, path, json={}, headers={"If-Match": '"1"'})
    return client.post_form(path, {})


@pytest.mark.parametrize("number", HUGE_IDS)
def test_ids_too_large_for_any_record_answer_404_on_every_route(
    app, admin_client, admin_api, number
):
    routes = list(_int_path_routes(app))
    assert len(routes) > 40  # the walk finds the app's routes
    wrong = []
    for route, names in routes:
        path = route.path
        for name in names:
            path = path.replace("{" + name + "}", str(number))
        for method in sorted(route.methods - {"HEAD"}):
            response = _request(admin_client, admin_api, method, path)
            if response.status_code != 404:
                wrong.append(f"{method} {path}: {response.status_code}")
    assert not wrong


def _int_query_names(app) -> set[str]:
    names = set()

    def walk(dependant):
        for field in dependant.query_params:
            if "int" in repr(field.field_info.annotation):
                names.add(field.alias)
        for sub in dependant.dependencies:
            walk(sub)

    for route in _routes(app.routes):
        walk(route.dependant)
    forms = [*QueryForm.__subclasses__(), *ListQuery.__subclasses__()]
    while forms:
        form = forms.pop()
        forms.extend(form.__subclasses__())
        for name, field in form.model_fields.items():
            if "int" in repr(field.annotation):
                names.add(name)
    return names


@pytest.mark.parametrize("number", HUGE_IDS)
def test_numbers_too_large_in_the_query_never_give_a_server_error(
    app, admin_client, admin_api, number
):
    names = _int_query_names(app)
    assert {"page", "organisation_id"} <= names
    query = "&".join(f"{name}={number}" for name in sorted(names))
    wrong = []
    for route in _routes(app.routes):
        if "GET" not in route.methods or "{" in route.path:
            continue
        response = _request(admin_client, admin_api, "GET", f"{route.path}?{query}")
        if response.status_code >= 500:
            wrong.append(f"GET {route.path}: {response.status_code}")
    assert not wrong


def test_a_nul_character_in_the_query_is_refused_with_a_message(admin_client, admin_api):
    wrong = []
    for path in ("/search?q=a%00b", "/organisations?q=%00", "/meetings?q=x%00"):
        response = admin_client.get(path)
        if response.status_code != 400 or "NUL character" not in response.text:
            wrong.append(f"{path}: {response.status_code}")
    for path in ("/api/v1/contacts?q=a%00b", "/api/v1/organisations?q=%00"):
        response = admin_api.get(path)
        if response.status_code != 400 or "NUL character" not in response.json()["detail"]:
            wrong.append(f"{path}: {response.status_code}")
    assert not wrong


@pytest.mark.parametrize("value", ["10:00+18:09", "10:00:00-18:00", "10:00Z"])
def test_a_meeting_time_with_an_offset_is_refused_with_a_message(client, value):
    # PostgreSQL refuses an offset beyond 15:59: this was a server error.
    response = submit(client, "meeting", "start_time", value)
    assert response.status_code == 422
    assert "Enter a time as HH:MM." in response.text
