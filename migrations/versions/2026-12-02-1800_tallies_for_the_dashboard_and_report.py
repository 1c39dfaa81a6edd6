"""Tallies: the dashboard's and the report's figures kept as data, by month (issue 20)

The counts are made by app.tally.upkeep (the same statements that keep them current on
every write), so they are filled here by app.tally.upkeep.rebuild_monthly.

Revision ID: 7d1a4c9e2b60
Revises: 5c2e9a7b1d84
Create Date: 2026-12-02 18:00:00
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "7d1a4c9e2b60"
down_revision: str | None = "5c2e9a7b1d84"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


MONTH = sa.String(length=7)


def _table(name: str, count: str, *keys: tuple[str, sa.types.TypeEngine[Any]]) -> None:
    # WITHOUT ROWID on SQLite: each table is stored in its primary key's order, by month.
    op.create_table(
        name,
        *(sa.Column(key, type_, nullable=False) for key, type_ in keys),
        sa.Column(count, sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(*(key for key, _ in keys), name=op.f(f"pk_{name}")),
        sqlite_with_rowid=False,
    )


def upgrade() -> None:
    # The tallies this migration makes (later ones fill their own).
    from app.tally import models as tallies
    from app.tally.upkeep import rebuild_monthly

    _table(
        "meeting_tally",
        "meetings",
        ("month", MONTH),
        ("status", sa.String(length=16)),
        ("kind", sa.String(length=32)),
        ("province", sa.String(length=32)),
    )
    _table("organisation_kind_tally", "meetings", ("month", MONTH), ("organisation_kind", sa.String(length=32)))
    _table(
        "engagement_tally",
        "meetings",
        ("month", MONTH),
        ("organisation_id", sa.Integer()),
        ("counterpart", sa.Integer()),
        ("meeting_kind", sa.String(length=32)),
        ("province", sa.String(length=32)),
    )
    _table(
        "commitment_tally",
        "commitments",
        ("month", MONTH),
        ("meeting_live", sa.Integer()),
        ("meeting_kind", sa.String(length=32)),
        ("province", sa.String(length=32)),
        ("item", sa.String(length=16)),
        ("status", sa.String(length=16)),
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
        ("month", MONTH),
        ("meeting_kind", sa.String(length=32)),
        ("province", sa.String(length=32)),
        ("due_date", sa.Date()),
    )
    made_here = (
        tallies.meeting_tally,
        tallies.organisation_kind_tally,
        tallies.engagement_tally,
        tallies.commitment_tally,
        tallies.open_action_tally,
    )
    rebuild_monthly(op.get_bind(), tables=made_here)


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
