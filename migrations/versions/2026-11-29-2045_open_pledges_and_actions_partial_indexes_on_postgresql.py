"""Open pledges and open action items, in due-date order, as partial indexes on PostgreSQL.

The dashboard counts and lists the open and overdue ones, and the registers filter on
them, after every change of data. PostgreSQL read the whole table for each (about 6 ms
each at 60,000 pledges and 150,000 action items, eight of them on the dashboard); from
these indexes a count is 2 ms and a first page well under 1. SQLite is sent the statuses
as bound parameters, so it could not prove a query matches such an index and never uses
one: the "_pg" suffix keeps them out of model comparison (migrations/env.py).

Revision ID: 4c8a2f7e9d13
Revises: 9b3e6d1c4f20
Create Date: 2026-11-29 20:45:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "4c8a2f7e9d13"
down_revision: str | None = "9b3e6d1c4f20"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = "archived_at IS NULL AND status IN ('open', 'in_progress')"


def upgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute(f"CREATE INDEX ix_pledge_open_pg ON pledge (due_date, id) WHERE {OPEN}")
        op.execute(
            f"CREATE INDEX ix_action_item_open_pg ON action_item (due_date, id) WHERE {OPEN}"
        )


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_action_item_open_pg")
        op.execute("DROP INDEX IF EXISTS ix_pledge_open_pg")
