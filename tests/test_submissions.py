"""A creating form submitted twice (a double click, Back and Save again) makes one record,
and the second submission is answered with the record the first made."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.contact.models import Contact
from app.meeting.models import Meeting
from app.organisation.models import Organisation
from tests.browser_forms import form_on


def _twice(client, page_url: str, action: str, **typed):
    page = client.get(page_url)
    form = form_on(page.text, action_ends=action)
    data: dict[str, list[str]] = {}
    for name, value in form.values(**typed):
        data.setdefault(name, []).append(value)
    first = client.post(page_url, data=data, follow_redirects=False)
    second = client.post(page_url, data=data, follow_redirects=False)
    return first, second


@pytest.mark.parametrize(
    ("page_url", "typed", "model", "where"),
    [
        (
            "/organisations/new",
            {"name": "Gilgit-Baltistan IT Board", "kind": "provincial_government"},
            Organisation,
            Organisation.name == "Gilgit-Baltistan IT Board",
        ),
        (
            "/contacts/new",
            {"full_name": "Mahnoor Qazi"},
            Contact,
            Contact.full_name == "Mahnoor Qazi",
        ),
        (
            "/meetings/new",
            {
                "title": "Quetta software park visit",
                "kind": "working_meeting",
                "status": "held",
                "date": "2026-11-10",
            },
            Meeting,
            Meeting.title == "Quetta software park visit",
        ),
    ],
)
def test_the_same_form_saved_twice_makes_one_record(client, session, page_url, typed, model, where):
    first, second = _twice(client, page_url, page_url, **typed)
    assert first.status_code == 303, first.text[:1500]
    assert second.status_code == 303
    assert second.headers["location"] == first.headers["location"]
    assert session.scalar(select(func.count()).select_from(model).where(where)) == 1
    shown = client.get(second.headers["location"]).text
    assert "This form had already been saved; nothing was saved twice." in shown


def test_each_drawing_of_the_form_saves_once(client, session):
    names = ["Azad Kashmir IT Board", "Punjab Skills Development Fund"]
    for name in names:
        page = client.get("/organisations/new")
        form = form_on(page.text, action_ends="/organisations/new")
        values = form.values(name=name, kind="provincial_government")
        response = client.post("/organisations/new", data=dict(values), follow_redirects=False)
        assert response.status_code == 303, response.text
    count = select(func.count()).where(Organisation.name.in_(names))
    assert session.scalar(count) == 2


def test_a_form_sent_back_for_correction_can_be_corrected_and_saved(client, session):
    page = client.get("/organisations/new")
    form = form_on(page.text, action_ends="/organisations/new")
    bad = client.post(
        "/organisations/new",
        data=dict(form.values(name="", kind="company")),
        follow_redirects=False,
    )
    assert bad.status_code == 422
    good = client.post(
        "/organisations/new",
        data=dict(form.values(name="Rawalpindi Software House", kind="company")),
        follow_redirects=False,
    )
    assert good.status_code == 303
    assert (
        session.scalar(select(func.count()).where(Organisation.name == "Rawalpindi Software House"))
        == 1
    )


def _log(client, **typed):
    page = client.get("/meetings/new")
    form = form_on(page.text, action_ends="/meetings/new")
    data: dict[str, list[str]] = {}
    for name, value in form.values(**typed).copy():
        data.setdefault(name, []).append(value)
    return client.post("/meetings/new", data=data, follow_redirects=False)


def test_a_meeting_like_one_already_logged_asks_first(client, session):
    meeting = {
        "title": "PASHA working session on IT exports",
        "kind": "working_meeting",
        "status": "held",
        "date": "2026-11-12",
        "participants-0-organisation": "PASHA",
        "participants-0-side": "counterpart",
    }
    assert _log(client, **meeting).status_code == 303
    again = _log(client, **{**meeting, "title": "Working session with PASHA on IT exports"})
    assert again.status_code == 422
    assert "is already logged" in again.text
    assert 'name="different_meeting"' in again.text
    # Another day, or another body, is another meeting.
    assert _log(client, **{**meeting, "date": "2026-11-13"}).status_code == 303
    confirmed = form_on(again.text, action_ends="/meetings/new")
    data: dict[str, list[str]] = {}
    for name, value in confirmed.values(different_meeting="1"):
        data.setdefault(name, []).append(value)
    assert client.post("/meetings/new", data=data, follow_redirects=False).status_code == 303
    titles = session.scalars(select(Meeting.title).where(Meeting.title.contains("IT exports")))
    assert len(list(titles)) == 3
