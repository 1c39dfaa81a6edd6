"""Indexes for an organisation's page: past people and follow-ups due, read in order

An organisation's page lists the people who held a title there, the latest to leave
first, and the follow-ups due with it, soonest first. With indexes by organisation alone,
both read every row of a busy body and sorted them: PostgreSQL read all 760
affiliations and their contacts (1.3 ms at `large`, with Engage's random_page_cost), and
SQLite read its 2,127 follow-ups, joining each to its meeting, contact and owner before
sorting (6 ms). Indexes by organisation and end date, and by organisation, status and
due date, give the rows in the page's order, so only those it shows are read. Each
replaces the index by organisation alone, which it also serves.

Revision ID: 5c2e8a4b7d31
Revises: 3f7a9c1e5b28
Create Date: 2026-12-03 05:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "5c2e8a4b7d31"
down_revision: str | None = "3f7a9c1e5b28"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> (the index replaced, (the new index, its columns))
REPLACED = {
    "affiliation": (
        "ix_affiliation_organisation_id",
        ("ix_affiliation_organisation_id_end_date", ["organisation_id", "end_date"]),
    ),
    "follow_up": (
        "ix_follow_up_organisation_id",
        (
            "ix_follow_up_organisation_id_status_due_date",
            ["organisation_id", "status", "due_date"],
        ),
    ),
}


def upgrade() -> None:
    for table, (old, (new, columns)) in REPLACED.items():
        op.drop_index(old, table_name=table)
        op.create_index(new, table, columns)


def downgrade() -> None:
    for table, (old, (new, _columns)) in REPLACED.items():
        op.drop_index(new, table_name=table)
        op.create_index(old, table, ["organisation_id"])
