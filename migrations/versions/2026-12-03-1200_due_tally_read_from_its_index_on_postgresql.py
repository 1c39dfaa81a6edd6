"""PostgreSQL: the dashboard's overdue figures read from the due tally's index alone

The dashboard sums the due tally's days before today for each kind of item: some 3,600
rows each at `large`. PostgreSQL keeps rows where they were written, so its primary key
led to a table page for nearly every row (2.5 ms for the overdue actions); with the
counts in the index too, the index answers alone (0.9 ms). SQLite stores the tally in
its key's order (WITHOUT ROWID) and needs nothing. Kept out of model comparison by its
"_pg" suffix (migrations/env.py).

Revision ID: 7c5e2a9f4d18
Revises: 2b8f4d6a1c93
Create Date: 2026-12-03 12:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "7c5e2a9f4d18"
down_revision: str | None = "2b8f4d6a1c93"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX ix_due_tally_covering_pg ON due_tally (item, due_date) "
            "INCLUDE (commitments)"
        )


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_due_tally_covering_pg")
