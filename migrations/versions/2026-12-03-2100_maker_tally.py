"""A kept tally of unarchived pledges by the body that made them

maker_tally: the pledge register's "Made by" and "Made to" choices are the bodies that
made the most pledges, which counted all 60,000 pledges at `large` after every change
(9 ms of the register's first view on SQLite). Filled by app.tally.upkeep, whose
statements keep it current on every write, and moving the tally generation like every
tally (revision 7b2f4d9e1c38).

Revision ID: 5c1e9a7f3b42
Revises: 7b2f4d9e1c38
Create Date: 2026-12-03 21:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5c1e9a7f3b42"
down_revision: str | None = "7b2f4d9e1c38"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TALLY_MOVE = (
    "UPDATE data_generation SET generation = generation + 1, "
    "tally_generation = tally_generation + 1 WHERE id = 1"
)


def upgrade() -> None:
    from app.tally.models import maker_tally
    from app.tally.upkeep import rebuild_by_item

    # WITHOUT ROWID on SQLite, like the other tallies.
    op.create_table(
        "maker_tally",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("pledges", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("organisation_id", name=op.f("pk_maker_tally")),
        sqlite_with_rowid=False,
    )
    rebuild_by_item(op.get_bind(), tables=[maker_tally])
    if op.get_context().dialect.name == "postgresql":
        op.execute(
            "CREATE TRIGGER maker_tally_tally_generation AFTER INSERT OR UPDATE OR DELETE "
            "OR TRUNCATE ON maker_tally FOR EACH STATEMENT "
            "EXECUTE FUNCTION engage_note_tally_change()"
        )
        return
    for short, event in (("ai", "INSERT"), ("au", "UPDATE"), ("ad", "DELETE")):
        op.execute(
            f"CREATE TRIGGER maker_tally_tally_generation_{short} AFTER {event} ON maker_tally "
            f"BEGIN {TALLY_MOVE}; END"
        )


def downgrade() -> None:
    op.drop_table("maker_tally")
