"""Login attempts, kept so sign-in throttling holds across worker processes.

Revision ID: ca219665d0cd
Revises: de9949d32c9c
Create Date: 2026-11-22 14:30:48.843367
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "ca219665d0cd"
down_revision: str | None = "de9949d32c9c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "login_attempt",
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("client_address", sa.String(length=64), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempt")),
    )
    with op.batch_alter_table("login_attempt", schema=None) as batch_op:
        batch_op.create_index(
            "ix_login_attempt_client_address_attempted_at",
            ["client_address", "attempted_at"],
            unique=False,
        )
        batch_op.create_index(
            "ix_login_attempt_email_attempted_at", ["email", "attempted_at"], unique=False
        )



def downgrade() -> None:
    with op.batch_alter_table("login_attempt", schema=None) as batch_op:
        batch_op.drop_index("ix_login_attempt_email_attempted_at")
        batch_op.drop_index("ix_login_attempt_client_address_attempted_at")

    op.drop_table("login_attempt")
