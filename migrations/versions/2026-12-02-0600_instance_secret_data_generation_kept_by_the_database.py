"""Instance secret; data generation kept by the database (triggers) with an epoch

The session secret, when ENGAGE_SECRET_KEY is not set, is drawn once and kept in
instance_secret for every process and machine (app.secret_key).

The data generation is moved by the database itself, so that no write can bypass it (a
bulk update(), raw SQL, another program): on SQLite a trigger per row of every tracked
table adds one; on PostgreSQL a statement trigger notes, once per transaction, that the
transaction changed data (a row in data_generation_pending) and a deferred trigger on that
row adds one as the transaction commits, so the counter's row is locked only at commit.
The epoch (random) changes when data is replaced wholesale (restore, upgrade, seed).

A table added to TRACKED later (app.generation.track) needs these triggers in its own
revision; SQLite's batch "move and copy" of a tracked table drops them, so re-create them
after one (tests/dashboard/test_generation.py checks every tracked table has them).

Revision ID: 5e1d7a2c9b64
Revises: 4c8a2f7e9d13
Create Date: 2026-12-02 06:00:00
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5e1d7a2c9b64"
down_revision: str | None = "4c8a2f7e9d13"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRACKED = (
    "meeting",
    "participant",
    "meeting_topic",
    "pledge",
    "action_item",
    "follow_up",
    "pledge_topic",
    "organisation",
    "organisation_alias",
    "contact_cadence",
    "contact",
    "affiliation",
    "topic",
)
# Of a user, pages show the name and whether the account is active.
USER_COLUMNS_SHOWN = "display_name, active"

MOVE = "UPDATE data_generation SET generation = generation + 1 WHERE id = 1"

PG_FUNCTIONS = (
    """
CREATE FUNCTION engage_note_data_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('engage.data_changed', true), '') <> 'on' THEN
        -- noted first: with constraints IMMEDIATE (the tests) the insert's trigger runs
        -- within the insert, and clears it
        PERFORM set_config('engage.data_changed', 'on', true);
        INSERT INTO data_generation_pending DEFAULT VALUES;
    END IF;
    RETURN NULL;
END $$
""",
    f"""
CREATE FUNCTION engage_move_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {MOVE};
    DELETE FROM data_generation_pending WHERE id = NEW.id;
    PERFORM set_config('engage.data_changed', '', true);
    RETURN NULL;
END $$
""",
)


def _sqlite_triggers(table: str, update_of: str = "") -> list[str]:
    of = f" OF {update_of}" if update_of else ""
    return [
        f"CREATE TRIGGER {table}_generation_{short} AFTER {event} ON {table} "
        f"BEGIN {MOVE}; END"
        for short, event in (("ai", "INSERT"), ("au", f"UPDATE{of}"), ("ad", "DELETE"))
    ]


def upgrade() -> None:
    op.create_table(
        "instance_secret",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("value", sa.String(length=256), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_instance_secret")),
        sa.UniqueConstraint("name", name=op.f("uq_instance_secret_name")),
    )
    op.add_column(
        "data_generation",
        sa.Column("epoch", sa.String(length=32), nullable=False, server_default=""),
    )
    op.execute(
        f"UPDATE data_generation SET epoch = '{secrets.token_hex(16)}', "
        "generation = generation + 1 WHERE id = 1"
    )
    if op.get_context().dialect.name == "postgresql":
        op.execute(
            "CREATE TABLE data_generation_pending "
            "(id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY)"
        )
        for function in PG_FUNCTIONS:
            op.execute(function)
        op.execute(
            "CREATE CONSTRAINT TRIGGER data_generation_move AFTER INSERT "
            "ON data_generation_pending DEFERRABLE INITIALLY DEFERRED "
            "FOR EACH ROW EXECUTE FUNCTION engage_move_generation()"
        )
        for table in TRACKED:
            op.execute(
                f"CREATE TRIGGER {table}_generation AFTER INSERT OR UPDATE OR DELETE "
                f"OR TRUNCATE ON {table} FOR EACH STATEMENT "
                "EXECUTE FUNCTION engage_note_data_change()"
            )
        op.execute(
            "CREATE TRIGGER user_account_generation AFTER INSERT OR DELETE "
            f"OR UPDATE OF {USER_COLUMNS_SHOWN} ON user_account FOR EACH STATEMENT "
            "EXECUTE FUNCTION engage_note_data_change()"
        )
        return
    for table in TRACKED:
        for statement in _sqlite_triggers(table):
            op.execute(statement)
    for statement in _sqlite_triggers("user_account", USER_COLUMNS_SHOWN):
        op.execute(statement)


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        for table in (*TRACKED, "user_account"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_generation ON {table}")
        op.execute("DROP TABLE IF EXISTS data_generation_pending")
        op.execute("DROP FUNCTION IF EXISTS engage_move_generation()")
        op.execute("DROP FUNCTION IF EXISTS engage_note_data_change()")
    else:
        for table in (*TRACKED, "user_account"):
            for short in ("ai", "au", "ad"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_generation_{short}")
    # Plain ALTER TABLE (SQLite 3.35+ drops columns in place).
    op.drop_column("data_generation", "epoch")
    op.drop_table("instance_secret")
