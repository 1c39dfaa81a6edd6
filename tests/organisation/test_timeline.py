"""An organisation's timeline is its newest live meetings, newest first and undated last,
whichever way it is read (app.organisation.queries.meetings_with_organisation): a busy
body's is looked for among everyone's newest meetings first, and read whole when they
hold too few of its own."""

from __future__ import annotations

import pytest

from app.meeting import queries as meeting_queries
from app.organisation import queries
from tests.busy_lists import read_busy_list
from tests.busy_meetings import live_meetings_newest_first, office_with_a_busy_body

PAGE = 10


@pytest.mark.parametrize(
    ("everyones_newest", "busy_from", "looked_among_newest"),
    [
        (60, 5, True),  # the busy body's newest page is among everyone's newest 60
        (4, 5, True),  # too few of its own among everyone's newest 4: read whole
        (2000, 4000, False),  # nobody is busy: every body's meetings are read whole
    ],
)
def test_the_timeline_is_the_newest_live_meetings_whichever_way_it_is_read(
    session, monkeypatch, count_queries, everyones_newest, busy_from, looked_among_newest
):
    busy, quiet = office_with_a_busy_body(session)

    def read() -> dict[int, list[int]]:
        timelines = {}
        for body in (busy, quiet):
            session.expire_all()
            timeline = queries.meetings_with_organisation(session, body.id, limit=PAGE)
            timelines[body.id] = [m.id for m in timeline]
        return timelines

    thresholds = {"EVERYONES_NEWEST": everyones_newest, "BUSY": busy_from}
    timelines, walked = read_busy_list(
        monkeypatch, count_queries, meeting_queries, thresholds, read, "EXISTS"
    )
    assert timelines == {
        body.id: live_meetings_newest_first(session, body)[:PAGE] for body in (busy, quiet)
    }
    assert len(live_meetings_newest_first(session, busy)[:PAGE]) == PAGE
    assert walked == looked_among_newest
