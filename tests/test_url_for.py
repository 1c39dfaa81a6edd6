"""Templates build links with a cached route lookup; the links must be exactly
Starlette's, including behind a proxy that mounts the app under a prefix."""

from __future__ import annotations

import pytest
from starlette.requests import Request
from starlette.routing import NoMatchFound

from app.web import env


def request_for(app, root_path: str = "") -> Request:
    return Request(
        {
            "type": "http",
            "app": app,
            "router": app.router,
            "path": f"{root_path}/",
            "root_path": root_path,
            "headers": [(b"host", b"engage.example.org")],
            "query_string": b"",
            "scheme": "https",
            "method": "GET",
        }
    )


@pytest.mark.parametrize("root_path", ["", "/engage"])
@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("home", {}),
        ("meeting_detail", {"meeting_id": 5}),
        ("organisation_detail", {"organisation_id": 12}),
        ("report", {}),
        ("static", {"path": "css/engage.css"}),
    ],
)
def test_links_match_starlettes(client, root_path, name, params):
    request = request_for(client.app, root_path)
    rendered = env.from_string("{{ url_for(name, **params) }}").render(
        request=request, name=name, params=params
    )
    assert rendered == str(request.url_for(name, **params))
    assert rendered.startswith(f"https://engage.example.org{root_path}/")


def test_an_unknown_route_is_an_error(client):
    with pytest.raises(NoMatchFound):
        env.from_string("{{ url_for('no_such_page') }}").render(request=request_for(client.app))


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("organisation_detail", {"organisation_id": 12}),
        ("organisation_detail", {"organisation_id": 7_300_000_000_000}),  # the stand-in itself
        ("organisation_detail", {"organisation_id": "41"}),  # text where a number was learnt
        ("meeting_detail", {"meeting_id": 0}),
        ("static", {"path": "css/engage.css"}),  # a slash: through Starlette
        ("static", {"path": "engage.css"}),
    ],
)
def test_a_learnt_link_is_starlettes_for_every_value(client, name, params):
    request = request_for(client.app)
    template = env.from_string("{{ url_for(name, **params) }}")
    # The first link of each name teaches the route's shape; the later ones use it.
    for first in ({"organisation_id": 1}, {"meeting_id": 1}, {"path": "x"}):
        for route in ("organisation_detail", "meeting_detail", "static"):
            try:
                template.render(request=request, name=route, params=first)
            except NoMatchFound:
                pass
    rendered = template.render(request=request, name=name, params=params)
    assert rendered == str(request.url_for(name, **params))


def test_a_value_starlette_refuses_is_still_refused(client):
    request = request_for(client.app)
    template = env.from_string("{{ url_for('organisation_detail', organisation_id=n) }}")
    assert template.render(request=request, n="3").endswith("/organisations/3")
    assert template.render(request=request, n=-3) == str(
        request.url_for("organisation_detail", organisation_id=-3)
    )
    with pytest.raises(AssertionError):
        template.render(request=request, n="3/edit")  # Starlette's text convertor refuses it
