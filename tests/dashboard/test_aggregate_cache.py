"""The dashboard's cached aggregates never outlive a change to the data."""

from __future__ import annotations

import re

from app.generation import current_generation
from app.web import today


def _stat(page: str, stat_id: str) -> int:
    block = page.split(f'id="{stat_id}"', 1)[1]
    return int(re.search(r'class="stat-value">(\d+)<', block).group(1))


def test_a_new_meeting_shows_at_once(client, api, session):
    first = client.get("/").text
    before = _stat(first, "stat-meetings")
    assert _stat(client.get("/").text, "stat-meetings") == before  # served from the cache
    generation = current_generation(session)

    made = api.post(
        "/api/v1/meetings",
        json={"title": "Call with PAFLA", "kind": "call", "date": today().isoformat()},
    )
    assert made.status_code == 201
    session.expire_all()
    assert current_generation(session) > generation
    assert _stat(client.get("/").text, "stat-meetings") == before + 1

    api.post(f"/api/v1/meetings/{made.json()['id']}/archive")
    assert _stat(client.get("/").text, "stat-meetings") == before


def test_reading_does_not_move_the_generation(client, session):
    generation = current_generation(session)
    client.get("/")
    client.get("/meetings")
    session.expire_all()
    assert current_generation(session) == generation
