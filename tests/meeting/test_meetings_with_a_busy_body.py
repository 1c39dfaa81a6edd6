"""The list of meetings with one body, reached from the body's own page, shows its live
meetings newest first (undated last) page after page, and their number, whichever way
it is read (app.meeting.queries.page_of, total_of): a busy body's pages are looked for
among everyone's newest meetings, others' are read whole, and the number comes from the
body meeting tally."""

from __future__ import annotations

import re

import pytest

from app.meeting import queries
from app.meeting.models import Meeting
from app.organisation.models import Organisation
from tests.browser_forms import submit
from tests.busy_lists import read_busy_list
from tests.busy_meetings import live_meetings_newest_first, office_with_a_busy_body

ROW = re.compile(r'<td><a href="http://testserver/meetings/(\d+)"')
NEXT = re.compile(r'<a href="(\?[^"]+)" rel="next">')
IN_ALL = re.compile(r"([\d,]+\+?) in all")


def _walk(client, body: Organisation) -> tuple[list[int], list[str]]:
    """From the body's page, its "All meetings with" link, then each "Next" link: the
    meetings listed, in order, and each page's "N in all"."""
    page = client.get(f"/organisations/{body.id}").text
    link = re.search(r'<a href="([^"]+)">All meetings with', page)
    assert link, "the body's page links to its meetings"
    url, listed, totals = link.group(1).replace("&amp;", "&"), [], []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.text
        results = response.text.split('id="results"', 1)[1]
        listed += [int(found) for found in ROW.findall(results)]
        totals += IN_ALL.findall(results)
        following = NEXT.search(results)
        url = "/meetings" + following.group(1).replace("&amp;", "&") if following else ""
    return listed, totals


@pytest.mark.parametrize(
    ("everyones_newest", "busy_from", "looked_among_newest"),
    [
        (60, 5, True),  # the first pages are among everyone's newest 60, the rest read whole
        (4, 5, True),  # everyone's newest 4 hold too few: every page read whole
        (2000, 4000, False),  # nobody is busy: read whole
    ],
)
def test_a_bodys_meetings_page_after_page_whichever_way_they_are_read(
    session, client, monkeypatch, count_queries, everyones_newest, busy_from, looked_among_newest
):
    busy, quiet = office_with_a_busy_body(session)
    session.commit()
    expected = {body.id: live_meetings_newest_first(session, body) for body in (busy, quiet)}
    assert len(expected[busy.id]) > 75 > len(expected[quiet.id]) > 0  # pages 1 to 4; 1

    def read() -> dict[int, tuple[list[int], list[str]]]:
        return {body.id: _walk(client, body) for body in (busy, quiet)}

    thresholds = {"EVERYONES_NEWEST": everyones_newest, "BUSY": busy_from}
    walked, looked = read_busy_list(monkeypatch, count_queries, queries, thresholds, read, "EXISTS")
    for body in (busy, quiet):
        listed, totals = walked[body.id]
        assert listed == expected[body.id]
        assert set(totals) == {f"{len(expected[body.id]):,}"}
    assert looked == looked_among_newest


def test_the_filter_form_of_a_bodys_meetings_keeps_to_the_body(session, client, monkeypatch):
    busy, _quiet = office_with_a_busy_body(session)
    session.commit()
    monkeypatch.setattr(queries, "EVERYONES_NEWEST", 60)
    monkeypatch.setattr(queries, "BUSY", 5)
    first = client.get(f"/meetings?organisation={busy.id}").text
    # The form as the browser sends it: every filter empty but the body and the order.
    filtered = submit(client, f"/meetings?organisation={busy.id}", action_ends="/meetings")
    assert filtered.status_code == 200
    results = filtered.text.split('id="results"', 1)[1]
    newest = live_meetings_newest_first(session, busy)
    assert [int(found) for found in ROW.findall(results)] == newest[:25]
    assert ROW.findall(results) == ROW.findall(first.split('id="results"', 1)[1])
    # Sorted oldest first, the list is read whole, and still the body's alone.
    oldest = submit(
        client, f"/meetings?organisation={busy.id}", action_ends="/meetings", sort="date"
    )
    listed = [int(found) for found in ROW.findall(oldest.text.split('id="results"', 1)[1])]
    assert set(listed) <= set(newest)
    assert len(listed) == 25
    assert listed[0] == min(
        (m for m in newest if session.get(Meeting, m).date is not None),
        key=lambda m: (session.get(Meeting, m).date, -m),
    )
