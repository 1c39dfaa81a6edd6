"""Alembic builds the schema from empty, goes down to base and up again, and matches the
models exactly (a drift test)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from app.db import make_engine
from app.models import Base
from tests.databases import downgrade, include_name, throwaway_database, upgrade


def _drift(connection) -> list[object]:
    context = MigrationContext.configure(
        connection, opts={"compare_type": True, "include_name": include_name}
    )
    return compare_metadata(context, Base.metadata)


def test_upgrade_downgrade_upgrade_round_trip():
    with throwaway_database("migrations") as url:
        engine = make_engine(url)
        try:
            with engine.begin() as conn:
                upgrade(conn)
            with engine.connect() as conn:
                tables = set(inspect(conn).get_table_names())
                assert {"organisation", "meeting", "pledge", "audit_event"} <= tables
                assert _drift(conn) == []
            with engine.begin() as conn:
                downgrade(conn, "base")
            with engine.connect() as conn:
                assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
            with engine.begin() as conn:
                upgrade(conn)
            with engine.connect() as conn:
                assert "pledge_status_change" in inspect(conn).get_table_names()
        finally:
            engine.dispose()


def test_models_and_migrations_do_not_drift(connection):
    assert _drift(connection) == []
