"""Full-text search over contact names.

A name search used LIKE '%word%', which reads every contact; with tens of thousands of
contacts that dominated global search. Names now use each engine's own full-text search,
as meetings, pledges and action items already do (see the full_text_search revision):
an FTS5 table kept in step by triggers on SQLite, a GIN index over to_tsvector on
PostgreSQL. The document expression matches app/search/queries.py exactly.

Revision ID: 5e1f0c7a9b21
Revises: c9bf257bcb1f
Create Date: 2026-11-29 14:20:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "5e1f0c7a9b21"
down_revision: str | None = "c9bf257bcb1f"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PG_DOCUMENT = "to_tsvector('simple'::regconfig, coalesce(full_name, ''))"


def upgrade() -> None:
    if op.get_context().dialect.name != "sqlite":
        op.execute(f"CREATE INDEX ix_contact_search ON contact USING gin ({PG_DOCUMENT})")
        return
    op.execute(
        "CREATE VIRTUAL TABLE contact_fts USING fts5(full_name, content='contact', "
        "content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
    )
    op.execute(
        "CREATE TRIGGER contact_fts_ai AFTER INSERT ON contact BEGIN "
        "INSERT INTO contact_fts(rowid, full_name) VALUES (new.id, new.full_name); END"
    )
    op.execute(
        "CREATE TRIGGER contact_fts_ad AFTER DELETE ON contact BEGIN "
        "INSERT INTO contact_fts(contact_fts, rowid, full_name) "
        "VALUES ('delete', old.id, old.full_name); END"
    )
    op.execute(
        "CREATE TRIGGER contact_fts_au AFTER UPDATE OF full_name ON contact BEGIN "
        "INSERT INTO contact_fts(contact_fts, rowid, full_name) "
        "VALUES ('delete', old.id, old.full_name); "
        "INSERT INTO contact_fts(rowid, full_name) VALUES (new.id, new.full_name); END"
    )
    op.execute("INSERT INTO contact_fts(contact_fts) VALUES ('rebuild')")


def downgrade() -> None:
    if op.get_context().dialect.name != "sqlite":
        op.execute("DROP INDEX IF EXISTS ix_contact_search")
        return
    for suffix in ("ai", "ad", "au"):
        op.execute(f"DROP TRIGGER IF EXISTS contact_fts_{suffix}")
    op.execute("DROP TABLE IF EXISTS contact_fts")
