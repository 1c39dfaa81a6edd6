"""The open pledges' index holds who made each pledge and to whom

A busy organisation's page looks for its pledges among everyone's 2,000 soonest-due open
pledges (app.commitment.queries.pledges_involving). Read from this index, those 2,000
had each needed a table lookup to say whose they were (4 ms on SQLite at `large`); with
the maker and recipient in the index, 1 ms. The authority's own page read all 30,000
pledges it made to sort them before (13 ms). Kept out of model comparison by the
"_partial" and "_pg" suffixes.

Revision ID: 6a1c3e9d2b47
Revises: 4d9b7e2a6c15
Create Date: 2026-12-03 10:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "6a1c3e9d2b47"
down_revision: str | None = "4d9b7e2a6c15"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = "archived_at IS NULL AND status IN ('open', 'in_progress')"
WHO = "maker_organisation_id, recipient_organisation_id"


def _index(columns: str) -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_pledge_open_pg")
        op.execute(f"CREATE INDEX ix_pledge_open_pg ON pledge {columns} WHERE {OPEN}")
    else:
        op.execute("DROP INDEX ix_pledge_open_partial")
        op.execute(f"CREATE INDEX ix_pledge_open_partial ON pledge {columns} WHERE {OPEN}")
        # SQLite forgets a dropped index's statistics; without any it can prefer another.
        op.execute("ANALYZE pledge")


def upgrade() -> None:
    on_postgresql = op.get_context().dialect.name == "postgresql"
    _index(f"(due_date, id) INCLUDE ({WHO})" if on_postgresql else f"(due_date, id, {WHO})")


def downgrade() -> None:
    _index("(due_date, id)")
