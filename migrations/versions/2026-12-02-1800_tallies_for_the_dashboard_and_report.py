"""Tallies: the dashboard's and the report's figures kept as data, by month (issue 20)

The counts are made by app.tally.upkeep (the same statements that keep them current on
every write), so they are filled here by app.tally.upkeep.rebuild_all.

Revision ID: 7d1a4c9e2b60
Revises: 5c2e9a7b1d84
Create Date: 2026-12-02 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7d1a4c9e2b60"
down_revision: str | None = "5c2e9a7b1d84"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _type(size: int | None) -> sa.types.TypeEngine[object]:
    if size == DATE:
        return sa.Date()
    return sa.String(length=size) if size else sa.Integer()


DATE = -1


def _table(name: str, count: str, *keys: tuple[str, int | None]) -> None:
    # WITHOUT ROWID on SQLite: each table is stored in its primary key's order, by month.
    op.create_table(
        name,
        *(sa.Column(key, _type(size), nullable=False) for key, size in keys),
        sa.Column(count, sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(*(key for key, _ in keys), name=op.f(f"pk_{name}")),
        sqlite_with_rowid=False,
    )


def upgrade() -> None:
    from app.tally.upkeep import rebuild_all

    _table(
        "meeting_tally",
        "meetings",
        ("month", 7),
        ("status", 16),
        ("kind", 32),
        ("province", 32),
    )
    _table("organisation_kind_tally", "meetings", ("month", 7), ("organisation_kind", 32))
    _table(
        "engagement_tally",
        "meetings",
        ("month", 7),
        ("organisation_id", None),
        ("counterpart", None),
        ("meeting_kind", 32),
        ("province", 32),
    )
    _table(
        "commitment_tally",
        "commitments",
        ("month", 7),
        ("meeting_live", None),
        ("meeting_kind", 32),
        ("province", 32),
        ("item", 16),
        ("status", 16),
    )
    op.create_index(
        "ix_commitment_tally_item_status",
        "commitment_tally",
        ["item", "status", "commitments"],
        unique=False,
    )
    _table(
        "open_action_tally",
        "actions",
        ("month", 7),
        ("meeting_kind", 32),
        ("province", 32),
        ("due_date", DATE),
    )
    rebuild_all(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_commitment_tally_item_status", table_name="commitment_tally")
    for name in (
        "open_action_tally",
        "commitment_tally",
        "engagement_tally",
        "organisation_kind_tally",
        "meeting_tally",
    ):
        op.drop_table(name)
