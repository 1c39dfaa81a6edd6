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
