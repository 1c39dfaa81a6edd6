"""No write is lost: concurrent writers, and backup then restore giving identical data.
These run against a throw-away database of their own, through real processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, MetaData, func, select, text
from sqlalchemy.orm import Session

from app.db import make_engine
from app.document.service import AddDocuments, Upload, add_documents
from app.meeting.models import Meeting
from app.organisation.models import Organisation
from tests.cli import engage
from tests.conftest import SECRET
from tests.databases import throwaway_database
from tests.document.files import pdf_with_text


@pytest.fixture(scope="module")
def seeded_url():
    with throwaway_database("durability") as url:
        engage(url, "db", "upgrade")
        engage(url, "seed")
        yield url


def snapshot(engine: Engine) -> dict[str, list[tuple]]:
    metadata = MetaData()
    metadata.reflect(engine)
    with engine.connect() as conn:
        return {
            name: [
                tuple(row)
                for row in conn.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for name, table in metadata.tables.items()
            if "_fts" not in name
        }


def test_concurrent_writers_lose_nothing(seeded_url):
    writers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.durability.write_worker", seeded_url, f"Writer {w}", "25"]
        )
        for w in range(4)
    ]
    assert [w.wait(timeout=120) for w in writers] == [0, 0, 0, 0]
    engine = make_engine(seeded_url)
    with engine.connect() as conn:
        written = conn.scalar(
            select(func.count()).select_from(Organisation).where(Organisation.name.like("Writer %"))
        )
        updated = conn.scalar(
            select(func.count())
            .select_from(Organisation)
            .where(Organisation.city == "Karachi", Organisation.name.like("Writer %"))
        )
    engine.dispose()
    assert (written, updated) == (100, 100)


def _add_a_document(url: str) -> None:
    """A document's bytes live in the database: the backup must carry them."""
    engine = make_engine(url)
    with Session(engine) as session, session.begin():
        meeting_id = session.scalars(select(Meeting.id).order_by(Meeting.id)).first()
        add_documents(
            session,
            AddDocuments("meeting", meeting_id, [Upload("mou.pdf", pdf_with_text("Zone MoU"))]),
        )
    engine.dispose()


def test_backup_then_restore_gives_identical_data(seeded_url, tmp_path: Path):
    _add_a_document(seeded_url)
    engine = make_engine(seeded_url)
    before = snapshot(engine)
    assert len(before["document_file"]) == 1
    engine.dispose()
    result = engage(seeded_url, "backup", str(tmp_path / "engage.backup"))
    assert "Backup written" in result.stdout

    engine = make_engine(seeded_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE meeting SET title = 'Changed after the backup'"))
        conn.execute(text("DELETE FROM pledge_topic"))
        conn.execute(text("DELETE FROM document"))
        conn.execute(text("DELETE FROM document_file"))
    assert snapshot(engine) != before
    engine.dispose()

    engine = make_engine(seeded_url)
    with engine.connect() as conn:
        changed = conn.execute(text("SELECT epoch, generation FROM data_generation")).one()
    engine.dispose()

    engage(seeded_url, "restore", str(tmp_path / "engage.backup"), "--yes")
    engine = make_engine(seeded_url)
    after = snapshot(engine)
    engine.dispose()
    # The data is the backup's; the data generation is not: a restore starts a new epoch,
    # and the counter never goes back (so no running server serves pages from before).
    after.pop("data_generation")
    before.pop("data_generation")
    assert after == before
    engine = make_engine(seeded_url)
    with engine.connect() as conn:
        restored = conn.execute(text("SELECT epoch, generation FROM data_generation")).one()
    engine.dispose()
    assert restored.epoch != changed.epoch
    assert restored.generation > changed.generation


def test_restore_refuses_a_file_that_is_not_a_backup(seeded_url, tmp_path: Path):
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"this is not a database" * 100)
    env = {**os.environ, "ENGAGE_DATABASE_URL": seeded_url, "ENGAGE_SECRET_KEY": SECRET}
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "restore", str(junk), "--yes"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "not an Engage backup" in result.stderr or "pg_restore failed" in result.stderr


def _refused(url: str, path: Path) -> str:
    env = {**os.environ, "ENGAGE_DATABASE_URL": url, "ENGAGE_SECRET_KEY": SECRET}
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "restore", str(path), "--yes"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    return result.stderr


@pytest.mark.parametrize(
    ("statements", "message"),
    [
        (["CREATE TABLE notes (id integer primary key, body text)"], "not an Engage database"),
        (
            [
                "CREATE TABLE alembic_version (version_num varchar(32) NOT NULL)",
                "INSERT INTO alembic_version VALUES ('deadbeef0000')",
                "CREATE TABLE organisation (id integer primary key)",
            ],
            "revision deadbeef0000, which this version of Engage does not know",
        ),
    ],
)
def test_restore_refuses_a_database_that_is_not_engage_at_a_known_revision(
    seeded_url, tmp_path: Path, statements, message
):
    """Any SQLite file (or dump) used to be restored over the live data."""
    engine = make_engine(seeded_url)
    before = snapshot(engine)
    engine.dispose()
    with throwaway_database("other") as other_url:
        other = make_engine(other_url)
        with other.begin() as conn:
            for statement in statements:
                conn.execute(text(statement))
        other.dispose()
        engage(other_url, "backup", str(tmp_path / "other.backup"))
    assert message in _refused(seeded_url, tmp_path / "other.backup")
    engine = make_engine(seeded_url)
    assert snapshot(engine) == before
    engine.dispose()


def test_restore_keeps_a_safety_copy_of_what_it_replaces(seeded_url, tmp_path: Path):
    engage(seeded_url, "backup", str(tmp_path / "engage.backup"))
    engine = make_engine(seeded_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE organisation SET city = 'Only in the safety copy'"))
    engine.dispose()

    result = engage(seeded_url, "restore", str(tmp_path / "engage.backup"), "--yes")
    [line] = [line for line in result.stdout.splitlines() if "safety copy" in line]
    safety = Path(line.rsplit(" ", 1)[-1].rstrip("."))
    try:
        assert safety.is_file()
        with throwaway_database("safety") as copy_url:
            engage(copy_url, "restore", str(safety), "--yes")
            copy = make_engine(copy_url)
            with copy.connect() as conn:
                cities = set(conn.scalars(text("SELECT city FROM organisation")))
            copy.dispose()
        assert cities == {"Only in the safety copy"}
    finally:
        safety.unlink(missing_ok=True)
    engine = make_engine(seeded_url)
    with engine.connect() as conn:
        assert "Only in the safety copy" not in set(
            conn.scalars(text("SELECT city FROM organisation"))
        )
    engine.dispose()
