"""A stamp that changes whenever engagement data changes, so that whatever is derived from
it (the dashboard's aggregates, lists' counts, rendered pages) can be cached and never
served stale (app.aggregates).

The stamp is an epoch and a counter, one row of table data_generation, and the *database*
keeps it (migration "instance secret; data generation kept by the database"): triggers on
every tracked table move the counter in the same transaction as any change, whoever makes
it (the ORM, a bulk update(), raw SQL, another process, psql). On SQLite a trigger per row
adds one to the counter (writers take turns there anyway). On PostgreSQL a statement
trigger notes that the transaction changed data and a deferred trigger adds one as it
commits, once, so that the counter's row is locked only while a transaction commits, as
briefly as before, never from its first write on (which could make writers deadlock).

What replaces the data wholesale (`engage restore`, `engage db upgrade`, `engage seed`)
starts a new epoch (`start_new_epoch`): a random id, with the counter moved past both the
old and the restored value, so a cache never takes a restored database's old stamp for
one it has seen. A reader takes the stamp *first*, then computes: anything cached under
a stamp was computed from data at least that new.

Domains register the tables their pages show (`track`); this module imports none of
them. A test checks that every registered table carries the triggers.
"""

from __future__ import annotations

import secrets

from sqlalchemy import Connection, String, Table, case, inspect, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.db import Base

Stamp = tuple[str, int]


class DataGeneration(Base):
    """One row (id 1)."""

    __tablename__ = "data_generation"
    __audited__ = False

    generation: Mapped[int] = mapped_column(default=0)
    epoch: Mapped[str] = mapped_column(String(32), default="")
    # Moved, by the same means, only when a kept tally changes (`track_tallies`).
    tally_generation: Mapped[int] = mapped_column(default=0, server_default="0")


_tracked: frozenset[str] = frozenset()
_tallies: frozenset[str] = frozenset()


def track(*tables: type[Base] | Table) -> None:
    """Register tables (mapped classes or association tables) whose every change must move
    the counter: what cached pages show. Each needs the triggers (see the migration). Of
    user accounts, which are not registered, pages show the name and whether one is active:
    the migration's triggers move the counter on those columns only (signing in, which
    writes the time of the last login, moves nothing)."""
    global _tracked
    names = {t.name if isinstance(t, Table) else t.__tablename__ for t in tables}
    _tracked = _tracked | names


def tracked_tables() -> frozenset[str]:
    """Tables whose every change moves the generation."""
    return _tracked


def track_tallies(*tables: Table) -> None:
    """Register the kept tallies: tables whose every change moves the tally generation
    (and the data generation with it). What is read from them alone can be kept until
    one of them changes (app.aggregates.kept_statement). Each needs the triggers of
    migration "a second counter, moved only when a kept tally changes"."""
    global _tallies
    _tallies = _tallies | {t.name for t in tables}


def tally_tables() -> frozenset[str]:
    """Tables whose every change moves the tally generation."""
    return _tallies


def current_generation(session: Session) -> int:
    return current_stamp(session)[1]


def current_stamp(session: Session) -> Stamp:
    row = session.execute(
        select(DataGeneration.epoch, DataGeneration.generation).where(DataGeneration.id == 1)
    ).first()
    return (row[0], row[1]) if row is not None else ("", 0)


def _has_epoch(connection: Connection) -> bool:
    inspector = inspect(connection)
    if not inspector.has_table(DataGeneration.__tablename__):
        return False
    return "epoch" in {c["name"] for c in inspector.get_columns(DataGeneration.__tablename__)}


def generation_of(connection: Connection) -> int:
    """The counter, or 0 on a database without one (before the restore of a new one)."""
    if not inspect(connection).has_table(DataGeneration.__tablename__):
        return 0
    return connection.scalar(select(DataGeneration.generation).where(DataGeneration.id == 1)) or 0


def start_new_epoch(connection: Connection | Session, *, at_least: int = 0) -> None:
    """A new random epoch, and a counter past both its own value and `at_least` (the value
    before a restore): for whatever replaced the data wholesale. Does nothing on a
    database without the epoch (a schema older than it)."""
    bind = connection.connection() if isinstance(connection, Session) else connection
    if not _has_epoch(bind):
        return
    counter = DataGeneration.generation
    bind.execute(
        update(DataGeneration)
        .where(DataGeneration.id == 1)
        .values(
            epoch=secrets.token_hex(16),
            generation=case((counter > at_least, counter), else_=at_least) + 1,
        )
    )
