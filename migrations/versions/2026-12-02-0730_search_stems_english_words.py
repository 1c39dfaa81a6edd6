"""Search finds other forms of a word: "zone" finds "zones" and "zones" finds "zone".

Meetings, pledges and action items are indexed with stemming: FTS5's porter tokenizer on
SQLite (over unicode61, as before) and the 'english' configuration on PostgreSQL. Contact
names keep their unstemmed index (see the contact name revision). The document
expressions match app/search/queries.py exactly. The SQLite FTS5 tables and their triggers
are created again (as in the full_text_search revision) and rebuilt from their tables.

Revision ID: 3f6b2d8e1c47
Revises: 7d41c9a2e6b5
Create Date: 2026-12-02 07:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "3f6b2d8e1c47"
down_revision: str | None = "7d41c9a2e6b5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEARCHED = {
    "meeting": ("title", "summary", "minutes"),
    "pledge": ("text",),
    "action_item": ("text",),
}
STEMMED = "porter unicode61 remove_diacritics 2"
UNSTEMMED = "unicode61 remove_diacritics 2"


def _pg_document(columns: Sequence[str], config: str) -> str:
    joined = " || ' ' || ".join(f"coalesce({c}, '')" for c in columns)
    return f"to_tsvector('{config}'::regconfig, {joined})"


def _sqlite_fts(table: str, columns: Sequence[str], tokenize: str) -> None:
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    fts = f"{table}_fts"
    for suffix in ("ai", "ad", "au"):
        op.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
    op.execute(f"DROP TABLE IF EXISTS {fts}")
    op.execute(
        f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', "
        f"content_rowid='id', tokenize='{tokenize}')"
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


def _switch(tokenize: str, config: str) -> None:
    sqlite = op.get_context().dialect.name == "sqlite"
    for table, columns in SEARCHED.items():
        if sqlite:
            _sqlite_fts(table, columns, tokenize)
        else:
            op.execute(f"DROP INDEX IF EXISTS ix_{table}_search")
            op.execute(
                f"CREATE INDEX ix_{table}_search ON {table} "
                f"USING gin ({_pg_document(columns, config)})"
            )


def upgrade() -> None:
    _switch(STEMMED, "english")


def downgrade() -> None:
    _switch(UNSTEMMED, "simple")
