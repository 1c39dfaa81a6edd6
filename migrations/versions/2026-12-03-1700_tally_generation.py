"""A second counter, moved only when a kept tally changes

data_generation.tally_generation moves, like the data generation and in the same
transaction, whenever a row of a kept tally (app.tally) is written, whoever writes it.
What is read from the tallies alone (the dashboard's figures and charts, a report's
counts) is then kept until a tally changes, not until anything changes: an edit that
moves no count (a title, minutes, a name) leaves them as they were.

Every change of a tally moves the data generation too. On SQLite a trigger per row of
each tally adds one to both. On PostgreSQL a statement trigger
on each tally notes the change for the transaction (the setting engage.tally_changed)
and notes a data change as well, so the deferred trigger that moves the data generation
at commit moves this counter with it, once.

A tally added later needs these triggers in its own revision (tests/dashboard/
test_generation.py checks every tally has them).

Revision ID: 7b2f4d9e1c38
Revises: 4e8a1c6b2d57
Create Date: 2026-12-03 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7b2f4d9e1c38"
down_revision: str | None = "4e8a1c6b2d57"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TALLIES = (
    "meeting_tally",
    "organisation_kind_tally",
    "engagement_tally",
    "body_meeting_tally",
    "commitment_tally",
    "open_action_tally",
    "pledge_day_tally",
    "due_tally",
    "status_tally",
    "due_month_tally",
    "maker_due_tally",
)

MOVE = "UPDATE data_generation SET generation = generation + 1 WHERE id = 1"
MOVE_BOTH = (
    "UPDATE data_generation SET generation = generation + 1, tally_generation = "
    "tally_generation + CASE WHEN coalesce(current_setting('engage.tally_changed', true), "
    "'') = 'on' THEN 1 ELSE 0 END WHERE id = 1"
)
# A tally changes only with the records it counts, but raw SQL or a bulk loader could
# write one alone: every change of a tally is a change of the data too.
TALLY_MOVE = (
    "UPDATE data_generation SET generation = generation + 1, "
    "tally_generation = tally_generation + 1 WHERE id = 1"
)


def _move_function(move: str, forget_tally: bool) -> str:
    forget = "PERFORM set_config('engage.tally_changed', '', true);" if forget_tally else ""
    return f"""
CREATE OR REPLACE FUNCTION engage_move_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {move};
    DELETE FROM data_generation_pending WHERE id = NEW.id;
    PERFORM set_config('engage.data_changed', '', true);
    {forget}
    RETURN NULL;
END $$
"""


NOTE_TALLY = """
CREATE FUNCTION engage_note_tally_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('engage.tally_changed', 'on', true);
    IF coalesce(current_setting('engage.data_changed', true), '') <> 'on' THEN
        PERFORM set_config('engage.data_changed', 'on', true);
        INSERT INTO data_generation_pending DEFAULT VALUES;
    END IF;
    RETURN NULL;
END $$
"""


def upgrade() -> None:
    op.add_column(
        "data_generation",
        sa.Column("tally_generation", sa.Integer(), nullable=False, server_default="0"),
    )
    if op.get_context().dialect.name == "postgresql":
        op.execute(_move_function(MOVE_BOTH, forget_tally=True))
        op.execute(NOTE_TALLY)
        for table in TALLIES:
            op.execute(
                f"CREATE TRIGGER {table}_tally_generation AFTER INSERT OR UPDATE OR DELETE "
                f"OR TRUNCATE ON {table} FOR EACH STATEMENT "
                "EXECUTE FUNCTION engage_note_tally_change()"
            )
        return
    for table in TALLIES:
        for short, event in (("ai", "INSERT"), ("au", "UPDATE"), ("ad", "DELETE")):
            op.execute(
                f"CREATE TRIGGER {table}_tally_generation_{short} AFTER {event} ON {table} "
                f"BEGIN {TALLY_MOVE}; END"
            )


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        for table in TALLIES:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_tally_generation ON {table}")
        op.execute("DROP FUNCTION IF EXISTS engage_note_tally_change()")
        op.execute(_move_function(MOVE, forget_tally=False))
    else:
        for table in TALLIES:
            for short in ("ai", "au", "ad"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_tally_generation_{short}")
    op.drop_column("data_generation", "tally_generation")
