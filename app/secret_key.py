"""The secret that signs session cookies, the same for every process and every machine.

ENGAGE_SECRET_KEY, when set, is the secret. Without it, the first process to start draws
one and keeps it in the database (table instance_secret), where every worker of
`engage serve --workers N` and every machine serving the same database finds it: it is
inserted only if absent, so that of two processes starting together one inserts and both
read back the same value. It is never printed, logged or written to the repository;
`engage restore` keeps the install's own secret (app.backup).
"""

from __future__ import annotations

import secrets

from sqlalchemy import Connection, String, delete, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from app.db import Base
from app.errors import EngageError

SESSION = "session"


class InstanceSecret(Base):
    """Secrets this install drew for itself, by name (one today: "session")."""

    __tablename__ = "instance_secret"
    __audited__ = False

    name: Mapped[str] = mapped_column(String(64), unique=True)
    value: Mapped[str] = mapped_column(String(256))


class NoSchema(EngageError):
    status_code = 500


def _read(connection: Connection, name: str) -> str | None:
    return connection.scalar(select(InstanceSecret.value).where(InstanceSecret.name == name))


def _insert_if_absent(connection: Connection, name: str, value: str) -> None:
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    connection.execute(
        dialect.insert(InstanceSecret)
        .values(name=name, value=value)
        .on_conflict_do_nothing(index_elements=["name"])
    )


def shared_secret(factory: sessionmaker[Session], name: str = SESSION) -> str:
    """The install's secret `name`, drawn and kept on first use."""
    with factory() as session:
        connection = session.connection()
        if not inspect(connection).has_table(InstanceSecret.__tablename__):
            raise NoSchema(
                "The database has no schema yet: run `engage db upgrade` "
                "(or set ENGAGE_SECRET_KEY)."
            )
        value = _read(connection, name)
    if value:
        return value
    with factory.begin() as session:
        _insert_if_absent(session.connection(), name, secrets.token_urlsafe(48))
    with factory() as session:
        value = _read(session.connection(), name)
    if not value:  # pragma: no cover - the insert above either wrote it or met one
        raise NoSchema("The install's secret could not be kept in the database.")
    return value


def read_secrets(connection: Connection) -> dict[str, str]:
    """Every secret the install keeps (empty before the table exists)."""
    if not inspect(connection).has_table(InstanceSecret.__tablename__):
        return {}
    rows = connection.execute(select(InstanceSecret.name, InstanceSecret.value))
    return {row.name: row.value for row in rows}


def keep_secrets(connection: Connection, kept: dict[str, str]) -> None:
    """Put the install's own secrets back (after a restore brought another's, or none)."""
    if not kept or not inspect(connection).has_table(InstanceSecret.__tablename__):
        return
    for name, value in kept.items():
        connection.execute(delete(InstanceSecret).where(InstanceSecret.name == name))
        _insert_if_absent(connection, name, value)
