"""Backups that can be taken while Engage runs, and restored with one command.

SQLite: the online backup API copies a consistent snapshot page by page while other
connections keep reading and writing. PostgreSQL: pg_dump's custom format, restored with
pg_restore --clean (both must be on PATH; they ship with the PostgreSQL client).
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from app.db import make_engine
from app.errors import EngageError
from app.generation import generation_of, start_new_epoch
from app.secret_key import keep_secrets, read_secrets


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


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} was not found; install the PostgreSQL client tools.")
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def backup(url: str, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    if url.startswith("sqlite"):
        with sqlite3.connect(_sqlite_path(url)) as source, sqlite3.connect(target) as copy:
            source.backup(copy)
        return target
    _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}", _libpq_url(url)])
    return target


def restore(url: str, source: Path) -> None:
    """Put a backup back. The install keeps its own secrets (a backup from another install
    would otherwise sign everyone out, and processes already running would disagree with
    those starting after), and the data generation starts a new epoch with a counter past
    both the old and the restored one, so no running server serves pages from before."""
    if not source.is_file():
        raise BackupError(f"There is no backup file at {source}.")
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
