"""Full-text search indexes for meetings, pledges and action items.

Each engine uses its own full-text search: FTS5 tables kept in step by triggers on SQLite,
GIN indexes over to_tsvector expressions on PostgreSQL. The searched text of each table is
spelled out here and, identically, in app/search/queries.py (migrations never import app
code). Note for later SQLite migrations: batch mode rebuilds a table and drops its
triggers; re-run this revision's trigger creation if meeting, pledge or action_item are
ever rebuilt (tests/search checks that new rows are still found).

Revision ID: 8c9967321ebc
Revises: ca219665d0cd
Create Date: 2026-11-22 14:36:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "8c9967321ebc"
down_revision: str | None = "ca219665d0cd"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> searched columns
SEARCHED = {
    "meeting": ("title", "summary", "minutes"),
    "pledge": ("text",),
    "action_item": ("text",),
}


def _pg_document(columns: Sequence[str]) -> str:
    joined = " || ' ' || ".join(f"coalesce({c}, '')" for c in columns)
    return f"to_tsvector('simple'::regconfig, {joined})"


def _sqlite_upgrade(table: str, columns: Sequence[str]) -> None:
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    fts = f"{table}_fts"
    op.execute(
        f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', "
        f"content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
    )
    op.execute(
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END"
    )
    op.execute(
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); END"
    )
    op.execute(
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {cols} ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END"
    )
    op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def upgrade() -> None:
    sqlite = op.get_context().dialect.name == "sqlite"
    for table, columns in SEARCHED.items():
        if sqlite:
            _sqlite_upgrade(table, columns)
        else:
            op.execute(
                f"CREATE INDEX ix_{table}_search ON {table} USING gin ({_pg_document(columns)})"
            )


def downgrade() -> None:
    sqlite = op.get_context().dialect.name == "sqlite"
    for table in SEARCHED:
        if sqlite:
            for suffix in ("ai", "ad", "au"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{suffix}")
            op.execute(f"DROP TABLE IF EXISTS {table}_fts")
        else:
            op.execute(f"DROP INDEX IF EXISTS ix_{table}_search")
