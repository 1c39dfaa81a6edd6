"""A per-user session version: sign-out, a password change and deactivation end every
session of that user, in every worker process (issue 17).

A session cookie carries the version it was issued under; moving the version on makes
every earlier cookie, copies included, stop working. The column is not among the user
columns whose changes move the data generation (pages do not show it).

Revision ID: 9c2e7a41d5b3
Revises: 3f6b2d8e1c47
Create Date: 2026-12-02 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "9c2e7a41d5b3"
down_revision: str | None = "3f6b2d8e1c47"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN on both engines: the table is not rebuilt, so its generation
    # triggers stay in place.
    op.add_column(
        "user_account",
        sa.Column("session_version", sa.Integer(), nullable=False, server_default="0"),
    )


def downgrade() -> None:
    # SQLite 3.35+ drops a column in place; the table's triggers do not name it.
    op.drop_column("user_account", "session_version")
