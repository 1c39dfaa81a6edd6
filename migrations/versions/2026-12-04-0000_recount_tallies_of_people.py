"""Count the tallies that follow a meeting's people again from the records

Until 3 December a meeting saved with people taken out and no one new (its list of
people emptied, through a form or the API) left the removed bodies counted in the
tallies kept from its people (app.tally.upkeep, fixed in 15e6a31). The reports' bodies
engaged and not engaged, and a body's meeting total, read those. This counts them again
from the records; the rebuild moves the tally generation like any write to a tally.

Revision ID: 8d3a6c2e9f17
Revises: 5c1e9a7f3b42
Create Date: 2026-12-04 00:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "8d3a6c2e9f17"
down_revision: str | None = "5c1e9a7f3b42"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from app.tally.models import body_meeting_tally, engagement_tally, organisation_kind_tally
    from app.tally.upkeep import rebuild_monthly

    rebuild_monthly(
        op.get_bind(), tables=[organisation_kind_tally, engagement_tally, body_meeting_tally]
    )


def downgrade() -> None:
    """Nothing to undo: the counts are what the records say."""
