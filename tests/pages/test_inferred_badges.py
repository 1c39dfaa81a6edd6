"""Facts the sources do not state carry an "Inferred" badge wherever they are shown, and
stated facts never do."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.meeting.models import Meeting
from app.organisation.models import Organisation

BADGE = "Inferred"


def _org(session, name: str) -> Organisation:
    return session.scalars(select(Organisation).where(Organisation.name == name)).one()


def _badges_after(html: str, text: str) -> bool:
    """Whether an Inferred badge follows `text` before the next tag that closes its cell."""
    at = html.index(text)
    rest = html[at : at + 400]
    end = re.search(r"</(dd|td|h1|li)>", rest)
    return BADGE in rest[: end.start() if end else len(rest)]


def test_organisation_page_marks_inferred_name_parent_and_province(client, session):
    ist = _org(session, "Information, Science and Technology Department, Sindh")
    html = client.get(f"/organisations/{ist.id}").text
    heading = html.split("<h1", 1)[1].split("</h1>", 1)[0]
    assert BADGE in heading  # the name is implied by a title, not stated
    assert _badges_after(html, ">Government of Sindh</a>")  # "Part of" is inferred
    stated = _org(session, "Government of Sindh")
    page = client.get(f"/organisations/{stated.id}").text
    assert BADGE not in page.split("<h1", 1)[1].split("</dl>", 1)[0]


def test_organisation_list_marks_an_inferred_acronym_and_province(client, session):
    html = client.get("/organisations", params={"q": "Ministry of Information"}).text
    assert "Ministry of Information Technology and Telecommunication" in html
    assert _badges_after(html, "(MoITT)")  # "MoITT" is not in the sources
    assert BADGE not in html.split("(MoITT)", 1)[0].rsplit("<tr", 1)[1]  # its name is stated


def test_meeting_page_marks_an_inferred_role(client, session):
    meeting = session.scalars(
        select(Meeting).where(Meeting.source_reference == "meet-the-minister-karachi.txt")
    ).one()
    html = client.get(f"/meetings/{meeting.id}").text
    counterpart = html.split('id="side-counterpart"', 1)[1]
    led = counterpart.split("Led the delegation", 1)[1][:200]
    assert BADGE in led
