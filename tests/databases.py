"""Creating and dropping throw-away test databases on SQLite or a PostgreSQL server."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.config import PROJECT_ROOT
from app.db import in_model_comparison

# A PostgreSQL *server* URL (any database on it) selects PostgreSQL; the suite then creates
# and drops databases of its own there and never touches the others.
TEST_SERVER_URL = os.environ.get("ENGAGE_TEST_DATABASE_URL", "")


def using_postgres() -> bool:
    return TEST_SERVER_URL.startswith("postgresql")


@contextmanager
def throwaway_database(label: str) -> Iterator[str]:
    if not using_postgres():
        with tempfile.TemporaryDirectory(prefix=f"engage-{label}-") as folder:
            yield f"sqlite:///{Path(folder) / 'test.db'}"
        return
    server = make_url(TEST_SERVER_URL)
    name = f"engage_{label}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def alembic_config(connection: object) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.attributes["connection"] = connection
    return config


def upgrade(connection: object, revision: str = "head") -> None:
    command.upgrade(alembic_config(connection), revision)


def downgrade(connection: object, revision: str = "base") -> None:
    command.downgrade(alembic_config(connection), revision)


include_name = in_model_comparison  # the filter migrations/env.py uses
