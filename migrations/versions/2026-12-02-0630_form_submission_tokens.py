"""Form submission tokens: a creating form submitted twice makes one record.

Revision ID: 7d41c9a2e6b5
Revises: 5e1d7a2c9b64
Create Date: 2026-12-02 06:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "7d41c9a2e6b5"
down_revision: str | None = "5e1d7a2c9b64"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "form_submission",
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("answer_url", sa.String(length=500), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_form_submission_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form_submission")),
        sa.UniqueConstraint("token", name=op.f("uq_form_submission_token")),
    )
    op.create_index(
        op.f("ix_form_submission_user_id"), "form_submission", ["user_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_form_submission_user_id"), table_name="form_submission")
    op.drop_table("form_submission")
