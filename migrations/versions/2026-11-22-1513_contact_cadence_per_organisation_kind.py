"""Expected contact cadence per organisation kind, with defaults staff can change.

Revision ID: b7dae223c3cd
Revises: 8c9967321ebc
Create Date: 2026-11-22 15:13:55.710222
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# Starting points; admins change them at /admin/cadence.
DEFAULT_DAYS = {
    "federal_government": 90,
    "provincial_government": 90,
    "public_authority": 90,
    "industry_association": 120,
    "fund_or_investor": 120,
    "programme": 120,
    "development_partner": 120,
    "academia": 180,
    "company": 180,
    "civil_society": 180,
    "media": 180,
}


revision: str = "b7dae223c3cd"
down_revision: str | None = "8c9967321ebc"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "contact_cadence",
        sa.Column("organisation_kind", sa.String(length=32), nullable=False),
        sa.Column("expected_days", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_cadence")),
        sa.UniqueConstraint("organisation_kind", name=op.f("uq_contact_cadence_organisation_kind")),
        sa.CheckConstraint(
            "expected_days BETWEEN 1 AND 3650", name=op.f("ck_contact_cadence_days_range")
        ),
    )
    cadence = sa.table(
        "contact_cadence",
        sa.column("organisation_kind", sa.String),
        sa.column("expected_days", sa.Integer),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("updated_at", sa.DateTime(timezone=True)),
    )
    now = datetime.now(UTC)
    op.bulk_insert(
        cadence,
        [
            {"organisation_kind": kind, "expected_days": days, "created_at": now, "updated_at": now}
            for kind, days in DEFAULT_DAYS.items()
        ],
    )


def downgrade() -> None:
    op.drop_table("contact_cadence")
