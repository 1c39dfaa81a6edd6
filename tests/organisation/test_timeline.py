"""An organisation's timeline is its newest live meetings, newest first and undated last,
whichever way it is read (app.organisation.queries.meetings_with_organisation): a busy
body's is looked for among everyone's newest meetings first, and read whole when they
hold too few of its own."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from app.meeting import queries as meeting_queries
from app.meeting.models import Meeting, Participant
from app.organisation import queries
from app.organisation.models import Organisation
from tests.busy_lists import read_busy_list

PAGE = 10


def _office(session) -> tuple[Organisation, Organisation]:
    """A busy body in most of 150 meetings and a quiet one in a few, among the seed's,
    with archived and undated meetings and the busy body twice in some."""
    rng = random.Random(20)
    busy = Organisation(name="Timeline Busy Body", kind="company")
    quiet = Organisation(name="Timeline Quiet Body", kind="company")
    session.add_all([busy, quiet])
    session.flush()
    for n in range(150):
        day = None if rng.random() < 0.1 else date(2024, 1, 1) + timedelta(days=rng.randint(0, 900))
        meeting = Meeting(
            title=f"Timeline meeting {n}",
            kind="call",
            status="held",
            date=day,
            date_confirmed=day is not None,
        )
        bodies = [busy] * rng.choice([0, 1, 1, 2]) + ([quiet] if rng.random() < 0.06 else [])
        meeting.participants = [
            Participant(organisation_id=body.id, side=rng.choice(["counterpart", "ours"]))
            for body in bodies
        ]
        if rng.random() < 0.1:
            meeting.archived_at = datetime.now(UTC)
        session.add(meeting)
    session.flush()
    return busy, quiet


def _newest_of(session, body: Organisation) -> list[int]:
    """The timeline worked out in Python from every meeting the body took part in."""
    took_part = select(Participant.meeting_id).where(Participant.organisation_id == body.id)
    meetings = session.scalars(
        select(Meeting).where(Meeting.id.in_(took_part), Meeting.archived_at.is_(None))
    ).all()
    newest = sorted(
        meetings, key=lambda m: (m.date is None, -(m.date or date.min).toordinal(), -m.id)
    )
    return [m.id for m in newest[:PAGE]]


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
    busy, quiet = _office(session)

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
    assert timelines == {body.id: _newest_of(session, body) for body in (busy, quiet)}
    assert len(_newest_of(session, busy)) == PAGE
    assert walked == looked_among_newest
