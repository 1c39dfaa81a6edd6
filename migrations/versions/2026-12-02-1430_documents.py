"""Documents: files kept with meetings, organisations, contacts and pledges, stored once
by content hash in the database, their words searchable with each engine's full-text search.

Revision ID: 9c4d6e2f3a51
Revises: 8b3e5f1a2c90
Create Date: 2026-12-02 14:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "9c4d6e2f3a51"
down_revision: str | None = "8b3e5f1a2c90"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MOVE = "UPDATE data_generation SET generation = generation + 1 WHERE id = 1"
STEMMED = "porter unicode61 remove_diacritics 2"
# Must match app/search/queries.py exactly, or PostgreSQL ignores the index.
PG_DOCUMENT = "to_tsvector('english'::regconfig, coalesce(text, ''))"
OWNERS = ("meeting", "organisation", "contact", "pledge")


def upgrade() -> None:
    op.create_table(
        "document_file",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("text_state", sa.String(length=16), nullable=False),
        sa.Column("text_note", sa.String(length=300), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "text_state IN ('read', 'none', 'unreadable', 'not_text')",
            name=op.f("ck_document_file_text_state_valid"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_file")),
        sa.UniqueConstraint("sha256", name=op.f("uq_document_file_sha256")),
    )
    op.create_table(
        "document",
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("document_date", sa.Date(), nullable=True),
        sa.Column("filename", sa.String(length=255), nullable=False),
        *(sa.Column(f"{owner}_id", sa.Integer(), nullable=True) for owner in OWNERS),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('minutes', 'agreement', 'presentation', 'press_release', 'photo', "
            "'letter', 'other')",
            name=op.f("ck_document_kind_valid"),
        ),
        sa.CheckConstraint(
            " + ".join(f"(CASE WHEN {o}_id IS NULL THEN 0 ELSE 1 END)" for o in OWNERS) + " = 1",
            name=op.f("ck_document_one_owner"),
        ),
        sa.ForeignKeyConstraint(
            ["file_id"], ["document_file.id"], name=op.f("fk_document_file_id_document_file"),
            ondelete="RESTRICT",
        ),
        *(
            sa.ForeignKeyConstraint(
                [f"{owner}_id"], [f"{owner}.id"], name=op.f(f"fk_document_{owner}_id_{owner}"),
                ondelete="RESTRICT",
            )
            for owner in OWNERS
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user_account.id"],
            name=op.f("fk_document_created_by_id_user_account"), ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["user_account.id"],
            name=op.f("fk_document_updated_by_id_user_account"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document")),
    )
    for column in ("file_id", *(f"{o}_id" for o in OWNERS)):
        op.create_index(f"ix_document_{column}", "document", [column])
    if op.get_context().dialect.name == "postgresql":
        op.execute(
            "CREATE TRIGGER document_generation AFTER INSERT OR UPDATE OR DELETE "
            "OR TRUNCATE ON document FOR EACH STATEMENT "
            "EXECUTE FUNCTION engage_note_data_change()"
        )
        op.execute(f"CREATE INDEX ix_document_file_search ON document_file USING gin ({PG_DOCUMENT})")
        return
    for short, event in (("ai", "INSERT"), ("au", "UPDATE"), ("ad", "DELETE")):
        op.execute(
            f"CREATE TRIGGER document_generation_{short} AFTER {event} ON document "
            f"BEGIN {MOVE}; END"
        )
    op.execute(
        "CREATE VIRTUAL TABLE document_file_fts USING fts5(text, content='document_file', "
        f"content_rowid='id', tokenize='{STEMMED}')"
    )
    op.execute(
        "CREATE TRIGGER document_file_fts_ai AFTER INSERT ON document_file BEGIN "
        "INSERT INTO document_file_fts(rowid, text) VALUES (new.id, new.text); END"
    )
    op.execute(
        "CREATE TRIGGER document_file_fts_ad AFTER DELETE ON document_file BEGIN "
        "INSERT INTO document_file_fts(document_file_fts, rowid, text) "
        "VALUES ('delete', old.id, old.text); END"
    )
    op.execute(
        "CREATE TRIGGER document_file_fts_au AFTER UPDATE OF text ON document_file BEGIN "
        "INSERT INTO document_file_fts(document_file_fts, rowid, text) "
        "VALUES ('delete', old.id, old.text); "
        "INSERT INTO document_file_fts(rowid, text) VALUES (new.id, new.text); END"
    )


def downgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS document_file_fts_{suffix}")
        op.execute("DROP TABLE IF EXISTS document_file_fts")
    op.drop_table("document")
    op.drop_table("document_file")
