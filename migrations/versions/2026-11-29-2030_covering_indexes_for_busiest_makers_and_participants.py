"""Covering indexes for the pledge register's busiest makers and for counting a period's
participants.

The register's maker and recipient filters offer the organisations that made the most
pledges, counted after every change of data: with archived_at in the maker index that
count reads the index alone (38 ms to 3 at 60,000 pledges on SQLite). The dashboard's
and reports' counts of a period's participants by side and organisation read side and
organisation from the meeting index instead of one table row per participant.

Revision ID: 9b3e6d1c4f20
Revises: 7d2c4e8f1a36
Create Date: 2026-11-29 20:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "9b3e6d1c4f20"
down_revision: str | None = "7d2c4e8f1a36"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_pledge_maker_organisation_id_status_archived_at",
        "pledge",
        ["maker_organisation_id", "status", "archived_at"],
    )
    op.drop_index("ix_pledge_maker_organisation_id_status", table_name="pledge")
    op.create_index(
        "ix_participant_meeting_id_side_organisation_id",
        "participant",
        ["meeting_id", "side", "organisation_id"],
    )
    op.drop_index("ix_participant_meeting_id", table_name="participant")


def downgrade() -> None:
    op.create_index("ix_participant_meeting_id", "participant", ["meeting_id"])
    op.drop_index("ix_participant_meeting_id_side_organisation_id", table_name="participant")
    op.create_index(
        "ix_pledge_maker_organisation_id_status", "pledge", ["maker_organisation_id", "status"]
    )
    op.drop_index("ix_pledge_maker_organisation_id_status_archived_at", table_name="pledge")
