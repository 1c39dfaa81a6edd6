"""The benchmark's generator builds a consistent authority (no timings here)."""

from __future__ import annotations

from sqlalchemy import func, select, text

from app.commitment.models import ActionItem, FollowUp, Pledge
from app.meeting.models import Meeting, Participant
from app.organisation.models import Organisation
from bench.generate import SCALES
from tests.bench.authority import generated_authority


def test_tiny_authority_is_complete_and_consistent():
    with generated_authority("bench") as (url, engine):
        with engine.connect() as conn:
            count = lambda model: conn.scalar(select(func.count()).select_from(model))  # noqa: E731
            assert count(Organisation) == SCALES["tiny"]["organisations"]
            assert count(Meeting) == SCALES["tiny"]["meetings"]
            assert count(Participant) > 3 * count(Meeting)
            assert 0.4 * count(Meeting) < count(Pledge) < 0.8 * count(Meeting)
            assert count(ActionItem) > count(Meeting)
            assert count(FollowUp) > 0.5 * count(Meeting)
            # the derived "last met" was filled in after the bulk insert
            latest = conn.scalar(
                select(func.max(Meeting.date))
                .join(Participant, Participant.meeting_id == Meeting.id)
                .where(Participant.organisation_id == 1, Meeting.status == "held")
            )
            stored = conn.scalar(select(Organisation.last_met_on).where(Organisation.id == 1))
            assert stored == latest is not None
            if conn.dialect.name == "sqlite":
                assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
                # the full-text index followed the bulk insert
                found = conn.scalar(
                    text("SELECT count(*) FROM meeting_fts WHERE meeting_fts MATCH 'Discussed'")
                )
                assert found == count(Meeting)
        engine.dispose()
