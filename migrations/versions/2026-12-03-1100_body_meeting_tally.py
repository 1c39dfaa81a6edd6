"""The body meeting tally: live meetings each body took part in, by month

The meeting list filtered by a body alone ("All meetings with ..." on its page) counted
the body's meetings for its "N in all" on each first view after a change: the
authority's 100,000 at `large`, 40 ms on SQLite and 60 on PostgreSQL. Kept by month and
body, the total is a sum of the body's months, read from its index. Filled by
app.tally.upkeep, whose statements keep it current on every write.

Revision ID: 2b8f4d6a1c93
Revises: 6a1c3e9d2b47
Create Date: 2026-12-03 11:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "2b8f4d6a1c93"
down_revision: str | None = "6a1c3e9d2b47"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from app.tally.models import body_meeting_tally
    from app.tally.upkeep import rebuild_monthly

    # WITHOUT ROWID on SQLite, like the other tallies: stored by month and body.
    op.create_table(
        "body_meeting_tally",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("meetings", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("month", "organisation_id", name=op.f("pk_body_meeting_tally")),
        sqlite_with_rowid=False,
    )
    op.create_index(
        "ix_body_meeting_tally_body",
        "body_meeting_tally",
        ["organisation_id", "meetings"],
    )
    rebuild_monthly(op.get_bind(), tables=[body_meeting_tally])


def downgrade() -> None:
    op.drop_index("ix_body_meeting_tally_body", table_name="body_meeting_tally")
    op.drop_table("body_meeting_tally")
