"""The dashboard's cached aggregates never outlive a change to the data."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.account.models import User
from app.contact.models import Contact
from app.db import utcnow
from app.generation import current_generation
from app.meeting.models import Meeting
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


def test_a_renamed_person_shows_at_once_on_the_cached_dashboard(client, session):
    page = client.get("/").text
    shown = [c for c in session.scalars(select(Contact)) if c.display_name in page]
    assert shown, "the seeded dashboard names someone"
    person = shown[0]
    person.full_name = "Zarmina Renamed-Khan"
    session.commit()
    assert "Zarmina Renamed-Khan" in client.get("/").text


def test_a_renamed_user_moves_the_generation_and_signing_in_does_not(session):
    user = session.scalars(select(User).where(User.email == "editor@example.org")).one()
    generation = current_generation(session)
    user.last_login_at = utcnow()
    session.commit()
    assert current_generation(session) == generation
    user.display_name = "Renamed Editor"
    session.commit()
    assert current_generation(session) == generation + 1


def test_each_browser_gets_its_own_form_token_from_the_cached_dashboard(
    client, viewer_client, session
):
    first = client.get("/").text
    assert f'value="{client.csrf}"' in first
    other = type(client)(client.app, follow_redirects=False)
    other.csrf = "another-browsers-token"
    other.sign_in_as(session, "editor@example.org")
    second = other.get("/").text
    assert 'value="another-browsers-token"' in second
    assert client.csrf not in second
    assert client.app.state.csrf_placeholder not in second
    # The cache is per role as well: a viewer is never offered an editor's buttons.
    assert "Log a meeting" in first
    assert "Log a meeting" not in viewer_client.get("/").text


def _reads_meetings(statements: list[str]) -> bool:
    return any(" meeting" in s and s.lstrip().upper().startswith("SELECT") for s in statements)


def test_a_page_is_served_from_the_cache_until_the_data_changes(client, session, count_queries):
    client.get("/meetings")
    with count_queries as counted:
        again = client.get("/meetings")
    assert again.status_code == 200
    assert not _reads_meetings(counted.statements), "the second view was built again"
    assert counted.count <= 2  # the generation, the signed-in user

    meeting = session.scalars(select(Meeting).where(Meeting.archived_at.is_(None)).limit(1)).one()
    meeting.title = "Retitled while the list was kept"
    session.commit()
    with count_queries as counted:
        changed = client.get("/meetings")
    assert _reads_meetings(counted.statements)
    assert "Retitled while the list was kept" in changed.text


def _reads_tallies(statements: list[str]) -> bool:
    return any("_tally" in s for s in statements)


def test_figures_from_the_tallies_are_kept_across_an_edit_that_moves_no_count(
    client, api, session, count_queries
):
    made = api.post(
        "/api/v1/meetings",
        json={"title": "Call with Ignite", "kind": "call", "date": today().isoformat()},
    ).json()
    before = _stat(client.get("/").text, "stat-meetings")

    renamed = api.patch(
        f"/api/v1/meetings/{made['id']}",
        json={"title": "Call with Ignite, renamed"},
        headers={"If-Match": f'"{made["version"]}"'},
    )
    assert renamed.status_code == 200, renamed.text
    with count_queries as counted:
        page = client.get("/").text
    assert "Call with Ignite, renamed" in page  # the page itself is built again
    assert not _reads_tallies(counted.statements), "a rename recounted the figures"
    assert _stat(page, "stat-meetings") == before

    api.post(f"/api/v1/meetings/{made['id']}/archive")
    with count_queries as counted:
        page = client.get("/").text
    assert _reads_tallies(counted.statements)
    assert _stat(page, "stat-meetings") == before - 1
