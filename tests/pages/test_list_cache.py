"""Lists, search and the API's lists are rendered once per data generation, user and day:
every change shows at once, and no one is shown another user's page."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import inspect, select

from app.account.service import find_user_by_email
from app.aggregates import AggregateCache
from app.api.routes import RESOURCES
from app.commitment.models import ActionItem
from app.db import AGGREGATES_KEY
from app.generation import tracked_tables
from app.meeting.models import Meeting
from app.organisation.models import Organisation
from app.web import today
from tests.pages.test_pages import text_of


def _org_id(session, acronym: str) -> int:
    return session.scalars(select(Organisation.id).where(Organisation.acronym == acronym)).one()


def test_a_new_pledge_and_organisation_show_at_once_in_lists_and_search(client, api, session):
    nothing = text_of(client.get("/search", params={"q": "Zephyr"}).text, "results")
    assert nothing == "Nothing matches “Zephyr”."
    register = client.get("/pledges").text
    assert register == client.get("/pledges").text  # served from the cache
    assert "<title>Pledges · Engage</title>" in register
    assert 'href="/pledges" aria-current="page"' in register

    made = api.post("/api/v1/organisations", json={"name": "Zephyr Robotics", "kind": "company"})
    assert made.status_code == 201
    found = text_of(client.get("/search", params={"q": "Zephyr"}).text, "results")
    assert "Zephyr Robotics" in found
    listed = client.get("/organisations", params={"q": "Zephyr"}).text
    assert "Zephyr Robotics" in text_of(listed, "results")

    meeting_id = session.scalars(select(Meeting.id).limit(1)).one()
    pledge = api.post(
        "/api/v1/pledges",
        json={
            "meeting_id": meeting_id,
            "maker_organisation_id": made.json()["id"],
            "text": "Zephyr will open a Karachi office",
        },
    )
    assert pledge.status_code == 201
    assert "Zephyr will open a Karachi office" in client.get("/pledges").text


def test_each_user_sees_their_own_actions_and_buttons(client, admin_client, viewer_client, session):
    editor_id, admin_id = (
        find_user_by_email(session, f"{role}@example.org").id for role in ("editor", "admin")
    )
    session.add_all(
        [
            ActionItem(text="Editor's own action", owner_id=editor_id, due_date=today()),
            ActionItem(text="Admin's own action", owner_id=admin_id, due_date=today()),
        ]
    )
    session.commit()
    editors = text_of(client.get("/actions").text, "results")
    admins = text_of(admin_client.get("/actions").text, "results")
    assert "Editor's own action" in editors
    assert "Admin's own action" not in editors
    assert "Admin's own action" in admins
    assert "Editor's own action" not in admins

    everyone = client.get("/actions", params={"who": "all"}).text
    assert "Mark done" in everyone
    assert f'name="csrf_token" value="{client.csrf}"' in everyone
    viewed = viewer_client.get("/actions", params={"who": "all"}).text
    assert "Editor's own action" in text_of(viewed, "results")
    assert "Mark done" not in viewed


def test_an_action_marked_done_leaves_the_open_list(client, session):
    item = ActionItem(text="Send the MoU draft", due_date=today() + timedelta(days=3))
    session.add(item)
    session.commit()
    assert "Send the MoU draft" in client.get("/actions", params={"who": "all"}).text
    assert client.post_form(f"/actions/{item.id}/done").status_code == 303
    after = client.get("/actions", params={"who": "all"}).text
    assert "Done: Send the MoU draft" in after  # the flash message, outside the cached content
    assert "Send the MoU draft" not in text_of(after, "results")


def test_api_lists_show_a_change_at_once(api):
    params = {"q": "Zephyr"}
    empty = api.get("/api/v1/organisations", params=params)
    assert empty.json()["total"] == 0
    assert empty.headers["content-type"] == "application/json"
    assert api.get("/api/v1/organisations", params=params).text == empty.text
    made = api.post("/api/v1/organisations", json={"name": "Zephyr Robotics", "kind": "company"})
    body = api.get("/api/v1/organisations", params=params).json()
    assert body["total"] == 1
    assert body["items"][0]["id"] == made.json()["id"]
    assert body["items"][0]["name"] == "Zephyr Robotics"
    api.post(f"/api/v1/organisations/{made.json()['id']}/archive")
    assert api.get("/api/v1/organisations", params=params).json()["total"] == 0


def test_whatever_an_api_list_shows_moves_the_data_generation():
    """An API list is kept until the data changes only if a change to anything it shows
    moves the generation: the resource's own table and every relationship its schema reads."""
    for resource in RESOURCES:
        table = resource.model.__tablename__
        if table not in tracked_tables():
            continue  # listed afresh every time
        shown = set()
        for name, field in resource.read.model_fields.items():
            shown |= {name, field.validation_alias}
        for rel in inspect(resource.model).relationships:
            if rel.key in shown:
                assert rel.target.name in tracked_tables(), (resource.name, rel.key)
                if rel.secondary is not None:
                    assert rel.secondary.name in tracked_tables(), (resource.name, rel.key)


def test_the_cache_forgets_the_least_recently_used(session):
    session.info["generation"] = ("epoch", 7)
    cache = AggregateCache(max_entries=2)
    computed = []

    def value(name: str):
        def compute() -> str:
            computed.append(name)
            return name.upper()

        return compute

    assert cache.get(session, "a", value("a")) == "A"
    cache.get(session, "b", value("b"))
    cache.get(session, "a", value("a"))  # a is now the most recently used
    cache.get(session, "c", value("c"))  # so b goes
    cache.get(session, "a", value("a"))
    cache.get(session, "b", value("b"))
    assert computed == ["a", "b", "c", "b"]

    session.info["generation"] = ("epoch", 8)  # any change of data forgets everything
    cache.get(session, "a", value("a"))
    assert computed[-1] == "a"


def test_a_repeated_parameter_is_its_own_page(client, session):
    """FastAPI takes a repeated parameter's last value, so the order of its values is part
    of what the page shows."""
    session.add(ActionItem(text="Someone else's action", due_date=today()))
    session.commit()
    everyone = text_of(client.get("/actions?who=mine&who=all").text, "results")
    mine = text_of(client.get("/actions?who=all&who=mine").text, "results")
    assert "Someone else's action" in everyone
    assert "Someone else's action" not in mine


def test_a_record_cannot_carry_other_peoples_form_tokens(client, admin_client, session):
    import app.web

    org = session.scalars(select(Organisation).where(Organisation.acronym == "PASHA")).one()
    org.website = "https://evil.example/?t=engage-csrf-token-placeholder-5b0f3c"
    session.commit()
    page = admin_client.get(f"/organisations/{org.id}").text
    assert "evil.example/?t=engage-csrf-token-placeholder-5b0f3c" in page
    assert admin_client.csrf not in page.split("evil.example", 1)[1].split('"', 1)[0]
    # the stand-in comes from the install's secret (the same for a server's workers, which
    # share pages), never written in the code, and another install's is another
    placeholder = admin_client.app.state.csrf_placeholder
    assert placeholder not in Path(app.web.__file__).read_text()
    assert placeholder not in page
    assert app.web.csrf_placeholder("another install's secret") != placeholder


def test_a_reader_takes_the_generation_before_anything_else(client, count_queries):
    """Whatever a page keeps under a generation must have been read after it: the signed-in
    user, loaded to check the session, included."""
    with count_queries as counted:
        client.get("/pledges")
    selects = [s for s in counted.statements if s.lstrip().upper().startswith("SELECT")]
    assert "data_generation" in selects[0]
    assert any("user_account" in s for s in selects[1:])


def test_a_writer_never_uses_the_cache(session):
    from app.aggregates import kept

    session.info.pop(AGGREGATES_KEY, None)
    calls = []
    for _ in range(2):
        kept(session, "figures", lambda: calls.append(1) or len(calls))
    assert calls == [1, 1]


def test_the_cache_is_bounded_by_the_size_of_what_it_keeps(session):
    session.info["generation"] = ("epoch", 3)
    cache = AggregateCache(max_entries=100, max_bytes=800)
    computed = []

    def page(name: str, size: int):
        def compute() -> str:
            computed.append(name)
            return name * size

        return compute

    for name in "abcdefgh":  # 8 pages of 100 characters: the budget, full
        cache.get(session, name, page(name, 100))
    cache.get(session, "a", page("a", 100))  # still there, and now the most recently used
    cache.get(session, "i", page("i", 100))  # so b, the least recently used, goes
    cache.get(session, "b", page("b", 100))
    assert computed == [*"abcdefgh", "i", "b"]
    cache.get(session, "big", page("x", 101))  # over an eighth of the budget: not kept
    cache.get(session, "big", page("x", 101))
    assert computed[-2:] == ["x", "x"]
