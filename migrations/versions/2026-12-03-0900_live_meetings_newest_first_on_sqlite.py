"""SQLite: live meetings newest first, from an index alone

A busy organisation's timeline looks for its newest meetings among everyone's newest
2,000 (app.organisation.queries.meetings_with_organisation). SQLite's date index gives
them in order but not whether each is archived, a table lookup per meeting; this partial
index of live meetings gives both. PostgreSQL has had the same since revision 7d2c4e8f1a36
(ix_meeting_newest_first_pg). Kept out of model comparison by its "_partial" suffix.

Revision ID: 4d9b7e2a6c15
Revises: 8e3f1b6c9a42
Create Date: 2026-12-03 09:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "4d9b7e2a6c15"
down_revision: str | None = "8e3f1b6c9a42"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        op.execute(
            "CREATE INDEX ix_meeting_live_date_partial ON meeting (date, id) "
            "WHERE archived_at IS NULL"
        )


def downgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        op.execute("DROP INDEX ix_meeting_live_date_partial")
