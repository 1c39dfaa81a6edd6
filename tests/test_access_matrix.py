"""Every route × every role: allowed or refused, as the policy below says.

The policy is written out by hand on purpose: a new route fails `test_policy_covers_every_route`
until someone decides who may use it.
"""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute

from app.config import Settings
from app.main import create_app

PUBLIC, VIEWER, EDITOR, ADMIN = "public", "viewer", "editor", "admin"
RANK = {VIEWER: 1, EDITOR: 2, ADMIN: 3}

# (method, path regex) -> least role allowed. First match wins.
POLICY: list[tuple[str, str, str]] = [
    ("GET", r"/login", PUBLIC),
    ("POST", r"/login", PUBLIC),
    ("GET", r"/healthz", PUBLIC),
    ("GET", r"/feeds/.*", PUBLIC),  # the secret token in the address is the credential
    ("POST", r"/logout", VIEWER),
    ("GET", r"/account/.*", VIEWER),
    ("POST", r"/account/.*", VIEWER),
    ("GET", r"/admin.*", ADMIN),
    ("POST", r"/admin.*", ADMIN),
    ("GET", r"/contacts/\{contact_id\}/export\.json", ADMIN),
    ("POST", r"/contacts/\{contact_id\}/erase", ADMIN),
    ("POST", r"/(meetings|organisations|contacts|documents)/\{record_id\}/restore", ADMIN),
    ("POST", r"/(meetings|organisations|contacts|documents)/\{record_id\}/archive", EDITOR),
    ("GET", r"/documents/new", EDITOR),
    ("POST", r"/documents/new", EDITOR),
    ("POST", r"/documents/\{document_id\}/draft", EDITOR),
    ("POST", r"/meetings/new", EDITOR),
    ("POST", r"/meetings/\{meeting_id\}/(edit|archive)", EDITOR),
    ("GET", r"/meetings/new", EDITOR),
    ("GET", r"/meetings/\{meeting_id\}/edit", EDITOR),
    ("POST", r"/pledges/\{pledge_id\}/status", EDITOR),
    ("POST", r"/actions/\{action_id\}/(done|reopen)", EDITOR),
    ("POST", r"/follow-ups/\{follow_up_id\}/skip", EDITOR),
    ("GET", r"/(pledges|actions|follow-ups)/\{record_id\}/edit", EDITOR),
    ("POST", r"/(pledges|actions|follow-ups)/\{record_id\}/edit", EDITOR),
    ("POST", r"/(organisations|contacts)/\{\w+\}/restore", ADMIN),
    ("POST", r"/(organisations|contacts)/new", EDITOR),
    ("POST", r"/(organisations|contacts)/\{\w+\}/(edit|archive)", EDITOR),
    ("GET", r"/(organisations|contacts)/new", EDITOR),
    ("GET", r"/(organisations|contacts)/\{\w+\}/edit", EDITOR),
    ("GET", r"/ingest", EDITOR),
    ("POST", r"/ingest", EDITOR),
    ("GET", r"/imports.*", EDITOR),
    ("POST", r"/imports.*", EDITOR),
    ("POST", r"/api/v1/[\w-]+/\{record_id\}/restore", ADMIN),
    ("POST", r"/api/v1/topics.*", ADMIN),
    ("PATCH", r"/api/v1/topics.*", ADMIN),
    ("POST", r"/api/v1/.*", EDITOR),
    ("PATCH", r"/api/v1/.*", EDITOR),
    ("GET", r"/.*", VIEWER),
]


def _api_routes(routes) -> list[APIRoute]:
    # Pages are left out of the OpenAPI document, so walk the routers themselves
    # (FastAPI keeps each included router as one entry holding its own routes).
    found = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):
            found.extend(_api_routes(route.original_router.routes))
    return found


def operations() -> list[tuple[str, str]]:
    app = create_app(Settings(database_url="sqlite://", secret_key="x" * 32))
    return sorted(
        {
            (method, route.path)
            for route in _api_routes(app.routes)
            for method in route.methods
            if method in {"GET", "POST", "PUT", "PATCH", "DELETE"}
        }
    )


OPERATIONS = operations()


def least_role(method: str, path: str) -> str | None:
    for rule_method, pattern, role in POLICY:
        if rule_method == method and re.fullmatch(pattern, path):
            return role
    return None


def test_policy_covers_every_route():
    uncovered = [op for op in OPERATIONS if least_role(*op) is None]
    assert uncovered == []


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


def call(client, method: str, path: str):
    url = concrete(path)
    if method == "GET":
        return client.get(url)
    return client.request(method, url, data={"csrf_token": client.csrf})


def refused_for_sign_in(response, path: str) -> bool:
    if path.startswith("/api/"):
        return response.status_code == 401
    return response.status_code == 303 and response.headers["location"].startswith("/login?next=")


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_route_answers_each_role_as_the_policy_says(
    method, path, anon_client, viewer_client, client, admin_client
):
    required = least_role(method, path)
    browsers = {None: anon_client, VIEWER: viewer_client, EDITOR: client, ADMIN: admin_client}
    for role, browser in browsers.items():
        response = call(browser, method, path)
        assert response.status_code < 500, (role, response.text[:300])
        if required == PUBLIC:
            assert response.status_code != 403, role  # (a failed sign-in answers 401)
            assert not refused_for_sign_in(response, path), role
        elif role is None:
            assert refused_for_sign_in(response, path), response.status_code
        elif RANK[role] < RANK[required]:
            assert response.status_code == 403, (role, response.status_code)
        else:
            assert response.status_code not in (401, 403), (role, response.text[:300])
            assert not refused_for_sign_in(response, path), role
