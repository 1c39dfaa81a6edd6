"""A busy body's meetings, for the tests of the lists that show them (its timeline, the
meeting list filtered by it): an office to read them from, and the answer worked out in
Python from every meeting the body took part in."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from app.meeting.models import Meeting, Participant
from app.organisation.models import Organisation


def office_with_a_busy_body(session) -> tuple[Organisation, Organisation]:
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


def live_meetings_newest_first(session, body: Organisation) -> list[int]:
    """The ids of the body's live meetings, newest first, undated last, worked out in
    Python from every meeting it took part in."""
    took_part = select(Participant.meeting_id).where(Participant.organisation_id == body.id)
    meetings = session.scalars(
        select(Meeting).where(Meeting.id.in_(took_part), Meeting.archived_at.is_(None))
    ).all()
    newest = sorted(
        meetings, key=lambda m: (m.date is None, -(m.date or date.min).toordinal(), -m.id)
    )
    return [m.id for m in newest]
