"""A per-user session version: sign-out, a password change and deactivation end every
session of that user, in every worker process (issue 17). And password hashes out of the
audit trail: the trail now notes only that a password was set or changed
(app.audit.recorder); the hashes it kept before are replaced the same way here.

A session cookie carries the version it was issued under; moving the version on makes
every earlier cookie, copies included, stop working. The column is not among the user
columns whose changes move the data generation (pages do not show it).

Revision ID: 9c2e7a41d5b3
Revises: 9c4d6e2f3a51
Create Date: 2026-12-02 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "9c2e7a41d5b3"
down_revision: str | None = "9c4d6e2f3a51"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN on both engines: the table is not rebuilt, so its generation
    # triggers stay in place.
    op.add_column(
        "user_account",
        sa.Column("session_version", sa.Integer(), nullable=False, server_default="0"),
    )
    _hashes_out_of_the_audit_trail()


SECRET_SHOWN_AS = "(secret)"


def _hashes_out_of_the_audit_trail() -> None:
    audit = sa.table(
        "audit_event",
        sa.column("id", sa.Integer),
        sa.column("entity_type", sa.String),
        sa.column("changes", sa.JSON),
    )
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(audit.c.id, audit.c.changes).where(audit.c.entity_type == "user_account")
    ).all()
    scrubbed = []
    for row_id, changes in rows:
        if not changes or "password_hash" not in changes:
            continue
        before, after = changes["password_hash"]
        changes["password_hash"] = [
            None if before is None else SECRET_SHOWN_AS,
            None if after is None else SECRET_SHOWN_AS,
        ]
        scrubbed.append({"row_id": row_id, "changes": changes})
    if scrubbed:
        conn.execute(
            sa.update(audit).where(audit.c.id == sa.bindparam("row_id")), scrubbed
        )


def downgrade() -> None:
    # The hashes taken out of the audit trail are not put back.
    # SQLite 3.35+ drops a column in place; the table's triggers do not name it.
    op.drop_column("user_account", "session_version")
