"""An index on organisations' acronyms in lower case

The dashboard and the registers find the authority itself by its name or acronym in any
case (app.organisation.queries.home_organisation_id). Names had an index on lower(name);
acronyms had none, so the condition on either read every organisation (3 ms at `large`
on PostgreSQL, on every first view of those pages).

Revision ID: 9b4d2e6f8a17
Revises: 8e2b5d7f3a14
Create Date: 2026-12-02 21:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "9b4d2e6f8a17"
down_revision: str | None = "8e2b5d7f3a14"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_organisation_acronym_lower", "organisation", [sa.text("lower(acronym)")])


def downgrade() -> None:
    op.drop_index("ix_organisation_acronym_lower", table_name="organisation")
