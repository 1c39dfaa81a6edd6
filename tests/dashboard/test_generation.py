"""The data generation is kept by the database: no write to what pages show can bypass
it, it never goes back, and what replaces the data wholesale starts a new epoch."""

from __future__ import annotations

import ast
from pathlib import Path

from sqlalchemy import delete, insert, select, text, update

import app.generation
from app.aggregates import AggregateCache
from app.auth.models import LoginAttempt
from app.db import utcnow
from app.generation import (
    DataGeneration,
    current_generation,
    current_stamp,
    start_new_epoch,
    tally_tables,
    tracked_tables,
)
from app.meeting.models import Meeting, MeetingStatus
from app.organisation.models import Organisation
from app.tally.models import EVERY_TALLY
from app.topic.models import Topic

SHOWN = {
    "meeting",
    "participant",
    "meeting_topic",
    "pledge",
    "action_item",
    "follow_up",
    "pledge_topic",
    "organisation",
    "organisation_alias",
    "contact_cadence",
    "contact",
    "document",
    "affiliation",
    "topic",
}


def _triggers(session, table: str) -> set[str]:
    if session.get_bind().dialect.name == "postgresql":
        found = session.scalars(
            text("SELECT tgname FROM pg_trigger WHERE tgrelid = CAST(:t AS regclass)"),
            {"t": table},
        )
    else:
        found = session.scalars(
            text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t"),
            {"t": table},
        )
    return {name for name in found if "_generation" in name}


def test_domains_register_what_pages_show_and_each_carries_the_triggers(session):
    assert tracked_tables() == SHOWN
    for table in (*SHOWN, "user_account"):
        assert _triggers(session, table), f"{table} has no trigger moving the generation"


def test_the_shared_mechanism_imports_no_domain():
    tree = ast.parse(Path(app.generation.__file__).read_text())
    imported = {
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("app")
    }
    assert imported == {"app.db"}


def test_bulk_and_raw_writes_move_the_generation(session):
    org = session.scalars(select(Organisation).limit(1)).one()
    steps = [
        update(Organisation).where(Organisation.id == org.id).values(city="Gwadar"),
        text("UPDATE organisation SET city = 'Quetta' WHERE id = :id").bindparams(id=org.id),
        text("INSERT INTO topic (slug, name, keywords, version, created_at, updated_at) "
             "VALUES ('raw', 'Raw SQL', '[]', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"),
        delete(Topic).where(Topic.slug == "raw"),
        text("DELETE FROM pledge_topic"),
    ]  # fmt: skip
    for step in steps:
        generation = current_generation(session)
        session.execute(step)
        session.commit()
        assert current_generation(session) > generation, step


def test_writes_to_what_pages_do_not_show_leave_it(session):
    generation = current_generation(session)
    session.execute(
        insert(LoginAttempt).values(
            email="someone@example.org", client_address="127.0.0.1", attempted_at=utcnow()
        )
    )
    session.commit()
    assert current_generation(session) == generation


def test_a_new_epoch_never_goes_back(session):
    epoch, generation = current_stamp(session)
    start_new_epoch(session, at_least=generation + 100)
    new_epoch, new_generation = current_stamp(session)
    assert new_epoch != epoch
    assert new_generation == generation + 101
    start_new_epoch(session)
    assert current_stamp(session)[1] == generation + 102


def test_the_cache_never_serves_across_epochs(session):
    cache = AggregateCache()
    computed = []

    def figures(value: str):
        return lambda: computed.append(value) or value

    session.info["generation"] = ("before the restore", 40)
    assert cache.get(session, "figures", figures("old")) == "old"
    # A restored database's stamp: a counter lower than the one kept, a new epoch.
    session.info["generation"] = ("after the restore", 12)
    assert cache.get(session, "figures", figures("restored")) == "restored"
    assert cache.get(session, "figures", figures("again")) == "restored"  # kept now
    # The same counter under the old epoch is not the same data.
    session.info["generation"] = ("before the restore", 12)
    assert cache.get(session, "figures", figures("other")) == "other"
    # Within an epoch, an older counter never replaces a newer one.
    session.info["generation"] = ("after the restore", 13)
    cache.get(session, "figures", figures("newer"))
    session.info["generation"] = ("after the restore", 12)
    cache.get(session, "figures", figures("older"))
    session.info["generation"] = ("after the restore", 13)
    assert cache.get(session, "figures", figures("unused")) == "newer"


def _tally_generation(session) -> int:
    session.expire_all()
    return session.scalar(select(DataGeneration.tally_generation).where(DataGeneration.id == 1))


def test_every_tally_is_registered_and_carries_the_triggers(session):
    assert tally_tables() == {table.name for table in EVERY_TALLY}
    for table in tally_tables():
        assert any("tally_generation" in name for name in _triggers(session, table)), table


def test_the_tally_generation_moves_with_a_count_and_only_then(session):
    meeting = session.scalars(
        select(Meeting).where(Meeting.archived_at.is_(None), Meeting.date.is_not(None)).limit(1)
    ).one()
    generation, tallies = current_generation(session), _tally_generation(session)

    meeting.title = "Retitled: no count moves"
    session.commit()
    assert current_generation(session) > generation
    assert _tally_generation(session) == tallies

    meeting.status = MeetingStatus.cancelled.value
    session.commit()
    assert _tally_generation(session) > tallies

    # Whoever writes a tally moves both counters, raw SQL too.
    generation, tallies = current_generation(session), _tally_generation(session)
    session.execute(text("UPDATE status_tally SET commitments = commitments"))
    session.commit()
    assert _tally_generation(session) > tallies
    assert current_generation(session) > generation
