"""Three more kept tallies for the dashboard's figures

- pledge_day_tally: unarchived pledges of each dated meeting, by the meeting's day, for
  "pledges made in the last 30 days" (counted meeting by meeting: 3.6 ms on PostgreSQL
  at `large`).
- due_month_tally: the due tally by month of the due date, so "overdue" reads one row a
  month before this one (it summed some 3,600 days of each item).
- maker_due_tally: open pledges by maker and due month, for "pledges we owe, overdue"
  (it counted the authority's 14,000 overdue pledges).

Filled by app.tally.upkeep, whose statements keep them current on every write.

Revision ID: 4e8a1c6b2d57
Revises: 9d3b7f1e6a25
Create Date: 2026-12-03 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "4e8a1c6b2d57"
down_revision: str | None = "9d3b7f1e6a25"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from app.tally.models import due_month_tally, maker_due_tally, pledge_day_tally
    from app.tally.upkeep import rebuild_by_item, rebuild_monthly

    # WITHOUT ROWID on SQLite, like the other tallies.
    op.create_table(
        "pledge_day_tally",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("pledges", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("month", "day", name=op.f("pk_pledge_day_tally")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "due_month_tally",
        sa.Column("item", sa.String(length=16), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("commitments", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("item", "month", name=op.f("pk_due_month_tally")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "maker_due_tally",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("pledges", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("organisation_id", "month", name=op.f("pk_maker_due_tally")),
        sqlite_with_rowid=False,
    )
    connection = op.get_bind()
    rebuild_monthly(connection, tables=[pledge_day_tally])
    rebuild_by_item(connection, tables=[due_month_tally, maker_due_tally])


def downgrade() -> None:
    op.drop_table("maker_due_tally")
    op.drop_table("due_month_tally")
    op.drop_table("pledge_day_tally")
