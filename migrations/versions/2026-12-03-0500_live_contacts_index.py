"""An organisation's people: live contacts read from an index, past ones in date order

An organisation's page counts and lists the people who hold or held a title there, of
contacts not archived. At `large` PostgreSQL's planner, costing a probe of the contact
table by id above a pass over all 30,000 contacts, hashed the whole table for the 760
affiliations of a busy body (8.5 ms for the counts, 9.7 for the past affiliations). With
the live contacts' ids in an index of their own, each probe is answered from the index
and the planner takes it (1.7 ms). SQLite already probes contacts by rowid. Kept out of
model comparison by its "_pg" suffix (migrations/env.py).

Its past people, the latest to leave first, are read in that order from an index of
affiliations by organisation and end date, which replaces the one by organisation alone
(5.3 ms to 0.4 for a busy body on PostgreSQL: 30 rows read, not all 760 sorted).

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


def upgrade() -> None:
    op.drop_index("ix_affiliation_organisation_id", table_name="affiliation")
    op.create_index(
        "ix_affiliation_organisation_id_end_date", "affiliation", ["organisation_id", "end_date"]
    )
    if op.get_context().dialect.name == "postgresql":
        op.execute("CREATE INDEX ix_contact_live_pg ON contact (id) WHERE archived_at IS NULL")


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_contact_live_pg")
    op.drop_index("ix_affiliation_organisation_id_end_date", table_name="affiliation")
    op.create_index("ix_affiliation_organisation_id", "affiliation", ["organisation_id"])
