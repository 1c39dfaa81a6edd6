"""python -m bench.writes at a tiny scale: every kind of save is sent, answered without
error and timed, and each one really changed its records (no timings compared here)."""

from __future__ import annotations

import asyncio
from datetime import date

from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.commitment.models import ActionItem, PledgeStatusChange
from app.meeting.models import Meeting
from app.organisation.models import Organisation
from bench import markdown, mixed, server, writes
from tests.bench.authority import generated_authority

TIMES = 2
SAVED = writes.WARM + TIMES  # saves of each kind, each on a record of its own


def test_every_kind_of_save_is_timed_and_changes_its_records():
    with generated_authority("benchwrites") as (url, engine):
        server.add_bench_user(url)
        token = mixed.writer_token(url)
        with engine.connect() as conn:
            dates_before = dict(conn.execute(select(Meeting.id, Meeting.date)).all())
            kinds_before = dict(conn.execute(select(Organisation.id, Organisation.kind)).all())
            due_before = dict(conn.execute(select(ActionItem.id, ActionItem.due_date)).all())

        with server.engage_server(url, workers=1) as base:
            kinds = asyncio.run(writes.each_kind(base, token, TIMES))

        assert list(kinds) == list(mixed.Editor.EVERY_KIND)
        for kind, row in kinds.items():
            assert row["errors"] == 0, kind
            assert row["p99_ms"] >= row["p95_ms"] >= row["p50_ms"] > 0, kind
        table = markdown.render([{"engine": "e", "scale": "tiny", "times": TIMES, "kinds": kinds}])
        assert table.count("\n| ") == 2 + len(kinds)  # the heading, its rule, a row a kind
        assert f"| organisation kind | {kinds['organisation kind']['p50_ms']} |" in table

        with engine.connect() as conn:
            renamed = conn.scalar(
                select(func.count()).select_from(Meeting).where(Meeting.title.like("% (edit %)"))
            )
            assert renamed == SAVED
            dates_after = dict(conn.execute(select(Meeting.id, Meeting.date)).all())
            moved = {
                m: (dates_after[m] - d).days
                for m, d in dates_before.items()
                if d is not None and dates_after[m] != d
            }
            assert sorted(moved.values()) == [45] * SAVED
            assert conn.scalar(select(func.count()).where(Meeting.archived_at.is_not(None))) == 0
            archived = dict(
                conn.execute(
                    select(AuditEvent.action, func.count())
                    .where(AuditEvent.entity_type == "meeting")
                    .where(AuditEvent.action.in_(["archive", "restore"]))
                    .group_by(AuditEvent.action)
                ).all()
            )
            assert archived == {"archive": SAVED, "restore": SAVED}
            statuses = conn.scalar(
                select(func.count())
                .select_from(PledgeStatusChange)
                .where(PledgeStatusChange.evidence_note == "bench writer")
            )
            assert statuses == SAVED
            due_after = dict(conn.execute(select(ActionItem.id, ActionItem.due_date)).all())
            today = date.today()
            changed_due = [a for a, d in due_before.items() if due_after[a] != d]
            assert len(changed_due) == SAVED
            assert {abs((due_after[a] - today).days) for a in changed_due} == {30}
            kinds_after = dict(conn.execute(select(Organisation.id, Organisation.kind)).all())
            changed_kind = [o for o, k in kinds_before.items() if kinds_after[o] != k]
            assert len(changed_kind) == SAVED
            assert {kinds_after[o] for o in changed_kind} <= {"academia", "company"}
