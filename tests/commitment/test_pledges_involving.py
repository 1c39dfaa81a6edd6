"""The pledges an organisation's page and briefing list are the first of its pledges, made
by it or to it, open first, soonest due, undated last, whichever way they are read
(app.commitment.queries.pledges_involving): a busy body's are looked for among
everyone's soonest-due open pledges first, and read whole when those hold too few."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import or_, select

from app.commitment import queries
from app.commitment.models import Pledge
from app.meeting.models import Meeting
from app.organisation.models import Organisation
from tests.busy_lists import read_busy_list

PAGE = 8
STATUSES = ["open", "in_progress", "fulfilled", "lapsed", "withdrawn"]


def _office(session) -> tuple[Organisation, Organisation]:
    """A busy body in most of 160 pledges, either side, and a quiet one in a few, among
    the seed's, with closed, undated and archived pledges."""
    rng = random.Random(7)
    busy = Organisation(name="Pledging Busy Body", kind="company")
    quiet = Organisation(name="Pledging Quiet Body", kind="company")
    other = Organisation(name="Pledging Other Body", kind="company")
    meeting = Meeting(title="Pledging meeting", kind="call", status="held", date=date(2025, 3, 1))
    session.add_all([busy, quiet, other, meeting])
    session.flush()
    for n in range(160):
        maker, recipient = rng.choice(
            [
                (busy, other),
                (other, busy),
                (busy, None),
                (other, None),
                (quiet, busy),
                (other, quiet),
            ]
        )
        due = None if rng.random() < 0.15 else date(2025, 1, 1) + timedelta(days=rng.randint(0, 60))
        session.add(
            Pledge(
                meeting_id=meeting.id,
                maker_organisation_id=maker.id,
                recipient_organisation_id=recipient.id if recipient else None,
                text=f"Pledge {n}",
                due_date=due,
                status=rng.choice(STATUSES),
                archived_at=datetime.now(UTC) if rng.random() < 0.1 else None,
            )
        )
    session.flush()
    return busy, quiet


def _first_of(session, body: Organisation, *, open_only: bool) -> list[int]:
    """The list worked out in Python from every pledge made by or to the body."""
    pledges = session.scalars(
        select(Pledge).where(
            or_(
                Pledge.maker_organisation_id == body.id, Pledge.recipient_organisation_id == body.id
            ),
            Pledge.archived_at.is_(None),
        )
    ).all()
    if open_only:
        pledges = [p for p in pledges if p.is_open]
    ordered = sorted(
        pledges,
        key=lambda p: (not p.is_open, p.due_date is None, p.due_date or date.min, -p.id),
    )
    return [p.id for p in ordered[:PAGE]]


@pytest.mark.parametrize(
    ("everyones_soonest", "busy_from", "looked_among_soonest"),
    [
        (80, 20, True),  # the busy body's first page is among everyone's soonest 80
        (6, 20, True),  # too few of its own among everyone's soonest 6: read whole
        (2000, 2000, False),  # nobody is busy: every body's pledges are read whole
    ],
)
def test_a_bodys_pledges_are_its_first_whichever_way_they_are_read(
    session, monkeypatch, count_queries, everyones_soonest, busy_from, looked_among_soonest
):
    busy, quiet = _office(session)

    def read() -> dict[tuple[int, bool], list[int]]:
        listed = {}
        for body in (busy, quiet):
            for open_only in (False, True):
                session.expire_all()
                found = queries.pledges_involving(session, body.id, open_only=open_only, limit=PAGE)
                listed[body.id, open_only] = [p.id for p in found]
        return listed

    thresholds = {"EVERYONES_SOONEST": everyones_soonest, "BUSY_PLEDGES": busy_from}
    listed, looked = read_busy_list(
        monkeypatch, count_queries, queries, thresholds, read, "due_date IS NOT NULL"
    )
    expected = {
        (body.id, open_only): _first_of(session, body, open_only=open_only)
        for body in (busy, quiet)
        for open_only in (False, True)
    }
    assert listed == expected
    assert len(expected[busy.id, True]) == PAGE
    assert looked == looked_among_soonest
