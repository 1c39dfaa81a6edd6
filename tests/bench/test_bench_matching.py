"""The bench's matching figure runs on a generated authority and leaves it as it was; the
generator's bulk insert leaves the stored name keys filled (no timings compared here)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.contact.models import Contact
from app.matching import ContactMatcher, MatchKind, OrganisationMatcher
from app.meeting.models import Meeting
from app.organisation.models import Organisation
from bench.matching import measure_matching
from tests.bench.authority import generated_authority


def test_matching_figure_before_and_after_on_a_generated_authority():
    with generated_authority("benchmatch") as (url, engine):
        with Session(engine) as session:
            person = session.scalars(select(Contact).order_by(Contact.id.desc())).first()
            org = session.scalars(select(Organisation).order_by(Organisation.id.desc())).first()
            assert person is not None
            assert org is not None
            found = ContactMatcher.from_database(session).match(person.full_name)
            assert (found.kind, found.id) == (MatchKind.exact, person.id)
            found = OrganisationMatcher.from_database(session).match(org.name.upper())
            assert (found.kind, found.id) == (MatchKind.exact, org.id)
            meetings = session.scalar(select(func.count(Meeting.id)))

        figures = measure_matching(url)

        assert set(figures) == {"before", "after"}
        for row in figures.values():
            assert set(row) == {"lookup_ms", "meeting_save_ms"}
            assert all(isinstance(ms, float) and ms > 0 for ms in row.values())
        with Session(engine) as session:
            assert session.scalar(select(func.count(Meeting.id))) == meetings
        engine.dispose()
