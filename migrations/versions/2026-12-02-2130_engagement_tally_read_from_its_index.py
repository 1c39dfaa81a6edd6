"""PostgreSQL: the bodies met in a report's months read from an index alone

SQLite stores each tally in its key's order (WITHOUT ROWID). PostgreSQL keeps rows where
they were written, so reading a year's 13,000 rows of engagement_tally for "met most
often" and "not engaged" fetched each row from the table (6 of the report's 14 ms at
`large`); with the counts in the index too, the index answers alone. Kept out of model
comparison by its "_pg" suffix (migrations/env.py).

Revision ID: 3f7a9c1e5b28
Revises: 9b4d2e6f8a17
Create Date: 2026-12-02 21:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "3f7a9c1e5b28"
down_revision: str | None = "9b4d2e6f8a17"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX ix_engagement_tally_covering_pg ON engagement_tally "
            "(month, counterpart, organisation_id) INCLUDE (meetings, meeting_kind, province)"
        )


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_engagement_tally_covering_pg")
