"""The status tally: unarchived pledges, actions and follow-ups by status

The dashboard's pledges by status (its open pledges figure and its chart) summed the
pledge rows of commitment_tally, some 15,000 at `large` (2 ms on SQLite, 3 on
PostgreSQL), to make six numbers. Kept by item and status, they are six rows. Filled by
app.tally.upkeep.rebuild_by_item, whose statements keep it current on every write.

Revision ID: 9d3b7f1e6a25
Revises: 7c5e2a9f4d18
Create Date: 2026-12-03 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "9d3b7f1e6a25"
down_revision: str | None = "7c5e2a9f4d18"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from app.tally.models import status_tally
    from app.tally.upkeep import rebuild_by_item

    # WITHOUT ROWID on SQLite, like the other tallies.
    op.create_table(
        "status_tally",
        sa.Column("item", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("commitments", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("item", "status", name=op.f("pk_status_tally")),
        sqlite_with_rowid=False,
    )
    rebuild_by_item(op.get_bind(), tables=[status_tally])


def downgrade() -> None:
    op.drop_table("status_tally")
