"""Backups that can be taken while Engage runs, and restored with one command.

SQLite: the online backup API copies a consistent snapshot page by page while other
connections keep reading and writing. PostgreSQL: pg_dump's custom format, restored with
pg_restore --clean (both must be on PATH; they ship with the PostgreSQL client).
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import make_url

from app.config import PROJECT_ROOT
from app.db import make_engine
from app.errors import EngageError
from app.generation import generation_of, start_new_epoch
from app.secret_key import keep_secrets, read_secrets

# Tables every Engage database has had since its first revision.
ENGAGE_TABLES = {"alembic_version", "organisation", "contact", "meeting", "user_account"}
SAFETY_DIR = PROJECT_ROOT / "var" / "backups"


class BackupError(EngageError):
    status_code = 500


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up.")
    return Path(database)


def _libpq_url(url: str) -> str:
    """pg_dump speaks libpq URLs, without SQLAlchemy's +driver suffix."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _run(command: list[str]) -> str:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} was not found; install the PostgreSQL client tools.")
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")
    return result.stdout


def backup(url: str, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    if url.startswith("sqlite"):
        with sqlite3.connect(_sqlite_path(url)) as source, sqlite3.connect(target) as copy:
            source.backup(copy)
        return target
    _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}", _libpq_url(url)])
    return target


def known_revisions() -> set[str]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(Config(str(PROJECT_ROOT / "alembic.ini")))
    return {script.revision for script in scripts.walk_revisions()}


def _sqlite_contents(source: Path) -> tuple[set[str], list[str]]:
    try:
        with open(source, "rb") as file:
            if file.read(16) != b"SQLite format 3\x00":
                raise BackupError(f"{source} is not an Engage backup: not a SQLite database.")
        db = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            if db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{source} is not a sound SQLite database.")
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            versions = (
                [r[0] for r in db.execute("SELECT version_num FROM alembic_version")]
                if "alembic_version" in tables
                else []
            )
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{source} is not an Engage backup: {exc}.") from exc
    return tables, versions


def _pg_dump_contents(source: Path) -> tuple[set[str], list[str]]:
    try:
        listing = _run(["pg_restore", "--list", str(source)])
    except BackupError as exc:
        raise BackupError(f"{source} is not an Engage backup: {exc.message}") from exc
    tables = set()
    for line in listing.splitlines():
        words = line.split()
        # "215; 1259 16390 TABLE public organisation engage"
        if len(words) >= 6 and words[3] == "TABLE" and words[4] == "public":
            tables.add(words[5])
    versions = []
    if "alembic_version" in tables:
        data = _run(
            ["pg_restore", "--data-only", "--table=alembic_version", "--file=-", str(source)]
        )
        lines = iter(data.splitlines())
        for line in lines:
            if line.startswith("COPY ") and "alembic_version" in line:
                versions = [row.strip() for row in iter(lines.__next__, "\\.")]
                break
    return tables, versions


def check_backup(url: str, source: Path) -> None:
    """Refuse, before anything is touched, a file that is not an Engage database at a
    revision this version of Engage knows (any SQLite file used to be restored)."""
    if not source.is_file():
        raise BackupError(f"There is no backup file at {source}.")
    if url.startswith("sqlite"):
        tables, versions = _sqlite_contents(source)
    else:
        tables, versions = _pg_dump_contents(source)
    missing = ENGAGE_TABLES - tables
    if "alembic_version" not in tables or (missing and not versions):
        raise BackupError(
            f"{source} is not an Engage database (it has no {', '.join(sorted(missing))})."
        )
    known = known_revisions()
    unknown = [v for v in versions if v not in known]
    if len(versions) != 1 or unknown:
        shown = ", ".join(versions) or "none"
        raise BackupError(
            f"{source} is at revision {shown}, which this version of Engage does not know; "
            "nothing was restored."
        )
    if missing:
        raise BackupError(
            f"{source} is not an Engage database (it has no {', '.join(sorted(missing))})."
        )


def keep_safety_copy(url: str) -> Path | None:
    """A backup of what a restore is about to replace (None when there is nothing)."""
    engine = create_engine(url)
    try:
        if not inspect(engine).get_table_names():
            return None
    finally:
        engine.dispose()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    if url.startswith("sqlite"):
        live = _sqlite_path(url)
        target = live.with_name(f"{live.name}.before-restore-{stamp}")
    else:
        target = SAFETY_DIR / f"before-restore-{stamp}.pgdump"
    return backup(url, target)


def restore(url: str, source: Path) -> Path | None:
    """Put `source` back; returns where the replaced contents were kept (if any). The file
    is checked first (an Engage database at a known revision) and nothing is touched when
    it is not one. The install keeps its own secrets (a backup from another install would
    otherwise sign everyone out, and processes already running would disagree with those
    starting after), and the data generation starts a new epoch with a counter past both
    the old and the restored one, so no running server serves pages from before."""
    check_backup(url, source)
    safety = keep_safety_copy(url)
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            kept, generation = read_secrets(connection), generation_of(connection)
    finally:
        engine.dispose()
    _restore(url, source)
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            keep_secrets(connection, kept)
            start_new_epoch(connection, at_least=generation)
    finally:
        engine.dispose()
    return safety


def _restore(url: str, source: Path) -> None:
    if url.startswith("sqlite"):
        try:
            with sqlite3.connect(source) as backup_db:
                if backup_db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                    raise BackupError(f"{source} is not a sound SQLite database.")
                with sqlite3.connect(_sqlite_path(url)) as live:
                    backup_db.backup(live)
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{source} is not an Engage backup: {exc}.") from exc
        return
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={_libpq_url(url)}",
            str(source),
        ]
    )
