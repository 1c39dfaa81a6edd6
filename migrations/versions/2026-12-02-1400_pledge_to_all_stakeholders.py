"""A pledge made to all stakeholders is told apart from one whose recipient is not named.

Pledges already stored with no recipient were entered under "leave empty for all
stakeholders", so they keep that meaning.

Revision ID: 8b3e5f1a2c90
Revises: 3f6b2d8e1c47
Create Date: 2026-12-02 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "8b3e5f1a2c90"
down_revision: str | None = "3f6b2d8e1c47"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN: SQLite's batch mode would rebuild the table and lose its triggers.
    op.add_column(
        "pledge",
        sa.Column("to_all_stakeholders", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.execute(
        "UPDATE pledge SET to_all_stakeholders = true WHERE recipient_organisation_id IS NULL"
    )


def downgrade() -> None:
    op.drop_column("pledge", "to_all_stakeholders")
