"""The due tally: open pledges, actions and follow-ups due, counted by due date

The dashboard's overdue figures move with the calendar, so they were counted afresh on
each first view after a change, every open item past its date (tens of thousands at
`large`: about 7 ms on SQLite, 5 on PostgreSQL). Kept by due date, they are a sum of
the days before today. Filled by app.tally.upkeep.rebuild_by_item, whose statements keep it
current on every write.

Revision ID: 8e3f1b6c9a42
Revises: 5c2e8a4b7d31
Create Date: 2026-12-03 06:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "8e3f1b6c9a42"
down_revision: str | None = "5c2e8a4b7d31"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from app.tally.models import due_tally
    from app.tally.upkeep import rebuild_by_item

    # WITHOUT ROWID on SQLite, like the other tallies: stored by item and due date.
    op.create_table(
        "due_tally",
        sa.Column("item", sa.String(length=16), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("commitments", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("item", "due_date", name=op.f("pk_due_tally")),
        sqlite_with_rowid=False,
    )
    rebuild_by_item(op.get_bind(), tables=[due_tally])


def downgrade() -> None:
    op.drop_table("due_tally")
