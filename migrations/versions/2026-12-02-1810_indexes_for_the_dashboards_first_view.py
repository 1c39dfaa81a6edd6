"""Indexes for the dashboard's first view: open pledges and actions as partial indexes on
SQLite too, and the pledge indexes that count overdue pledges by us and to us alone

The queries now write the open statuses into their SQL (app.commitment.models:
pledge_is_open, action_is_open), so SQLite can prove they match these indexes' condition.
Before, the dashboard's open and overdue lists sorted every open pledge and action for a
first page (10 to 20 ms each at `large`); from these indexes a first page reads its own
rows. PostgreSQL has had the same indexes since revision 4c8a2f7e9d13 ("_pg"). Kept out
of model comparison by their "_partial" suffix (migrations/env.py).

The overdue pledges we owe and are owed were counted through an index and then each
pledge's row (27 and 90 ms at `large`): the two pledge indexes now hold the due date and
the maker as well.

Revision ID: 8e2b5d7f3a14
Revises: 7d1a4c9e2b60
Create Date: 2026-12-02 18:10:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "8e2b5d7f3a14"
down_revision: str | None = "7d1a4c9e2b60"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = "archived_at IS NULL AND status IN ('open', 'in_progress')"


PLEDGE_INDEXES = {
    "ix_pledge_status_due_date": ["status", "due_date", "archived_at"],
    "ix_pledge_maker_organisation_id_status_archived_at": [
        "maker_organisation_id",
        "status",
        "archived_at",
    ],
}
WIDER = {
    "ix_pledge_status_due_date": "maker_organisation_id",
    "ix_pledge_maker_organisation_id_status_archived_at": "due_date",
}


def _pledge_indexes(wider: bool) -> None:
    for name, columns in PLEDGE_INDEXES.items():
        op.drop_index(name, table_name="pledge")
        op.create_index(name, "pledge", columns + ([WIDER[name]] if wider else []))


def upgrade() -> None:
    _pledge_indexes(wider=True)
    if op.get_context().dialect.name == "sqlite":
        op.execute(f"CREATE INDEX ix_pledge_open_partial ON pledge (due_date, id) WHERE {OPEN}")
        op.execute(
            f"CREATE INDEX ix_action_item_open_partial ON action_item (due_date, id) WHERE {OPEN}"
        )
        # Without statistics SQLite prefers the wider covering index and sorts every open
        # pledge for a first page; PostgreSQL's autovacuum gathers its own.
        op.execute("ANALYZE")


def downgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        op.execute("DROP INDEX IF EXISTS ix_action_item_open_partial")
        op.execute("DROP INDEX IF EXISTS ix_pledge_open_partial")
    _pledge_indexes(wider=False)
