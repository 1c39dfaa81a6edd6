"""Database plumbing shared by every domain: the declarative base, column types,
the engine factory and the one place where a request's session is committed."""

from __future__ import annotations

import enum
import json
import sqlite3
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cache
from typing import Any, TypeVar

import anyio.to_thread
import orjson
from fastapi import Request
from sqlalchemy import (
    CheckConstraint,
    DateTime,
    Engine,
    Executable,
    ForeignKey,
    Integer,
    MetaData,
    SQLColumnExpression,
    create_engine,
    event,
    literal_column,
)
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    QueryableAttribute,
    Session,
    declared_attr,
    mapped_column,
    sessionmaker,
)
from sqlalchemy.types import TypeDecorator

T = TypeVar("T")

# Named constraints make batch migrations on SQLite and downgrades deterministic.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timestamps are stored in UTC on every engine and always come back timezone-aware.

    SQLite has no time zone support, so values are normalised to UTC before binding and
    marked as UTC again when read.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; pass an aware datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def enum_values(enum_cls: type[enum.Enum]) -> list[str]:
    return [member.value for member in enum_cls]


def enum_check(
    column: str, enum_cls: type[enum.Enum], *, nullable: bool = False
) -> CheckConstraint:
    """A CHECK constraint holding a string column to the values of a Python enum."""
    allowed = ", ".join(f"'{value}'" for value in enum_values(enum_cls))
    condition = f"{column} IN ({allowed})"
    if nullable:
        condition = f"{column} IS NULL OR {condition}"
    # The enum is kept on the constraint for readers of the codes (app.audit.queries).
    return CheckConstraint(
        condition, name=f"{column}_valid", info={"enum": enum_cls, "column": column}
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime()}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class TrackedMixin:
    """Who created and last changed a record, soft deletion, and an edit version.

    `version` drives optimistic concurrency: an UPDATE whose version no longer matches
    raises StaleDataError instead of silently overwriting a colleague's edit.
    """

    version: Mapped[int] = mapped_column(default=1)
    archived_at: Mapped[datetime | None]

    @declared_attr
    def created_by_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    @declared_attr
    def updated_by_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        # SQLAlchemy's recipe for a mixin: the table is there by the time this is read,
        # but the mixin itself declares no `__table__` for a checker to see.
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


def _configure_sqlite(engine: Engine) -> None:
    """Foreign keys, WAL and a busy timeout on every connection; and let SQLAlchemy
    emit BEGIN itself so SAVEPOINTs work (the pysqlite driver gets them wrong otherwise)."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={LOCK_WAIT_SECONDS * 1000}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Writers take the lock up front (IMMEDIATE) so that concurrent writers wait on the
        # busy timeout instead of failing half-way with "database is locked"; readers stay
        # deferred so that they never queue behind a writer.
        immediate = connection.get_execution_options().get(WRITE_INTENT, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


WRITE_INTENT = "engage_write_intent"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# How long a statement waits for another transaction's lock (SQLite's busy timeout,
# PostgreSQL's lock_timeout), for a connection from the pool, and at most runs
# (PostgreSQL's statement_timeout) while serving requests. Past these the request is
# answered 503 "busy, try again" (app.errors) instead of waiting on: nothing waits forever.
LOCK_WAIT_SECONDS = 10
POOL_WAIT_SECONDS = 10
STATEMENT_SECONDS = 60


def declare_write_intent(session: Session) -> None:
    """Make the session's next transaction a writer's (matters on SQLite only: BEGIN
    IMMEDIATE). Nothing is opened now: the lock is taken when the first statement runs,
    so a request holds no lock while it waits for anything before its work starts.
    A session bound to a connection (the test suite's) is left as it is."""
    if isinstance(session.bind, Engine):
        session.bind = _writer(session.bind)


@cache
def _writer(engine: Engine) -> Engine:
    # Shares the engine's pool and events; its connections carry the write intent.
    return engine.execution_options(**{WRITE_INTENT: True})


def write_apart(session: Session, statement: Executable) -> None:
    """Run one small bookkeeping write (when a token was last used) in a short transaction
    of its own, not in the request's read: on SQLite a reader that writes must upgrade its
    lock and fails at once with "database is locked" when another process writes; on
    PostgreSQL the row would stay locked to the end of the request. The read so far is
    ended first (nothing is pending in it; what it loaded stays readable, as sessions do
    not expire on commit). Best effort: when the database is busy the write is skipped."""
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("write_apart would commit the request's pending changes")
    session.commit()
    try:
        session.connection(execution_options={WRITE_INTENT: True})
        session.execute(statement)
        session.commit()
    except (OperationalError, PoolTimeout) as exc:
        session.rollback()
        if not is_busy(exc):
            raise


def is_busy(exc: BaseException) -> bool:
    """Whether a database error means "busy, try again": a lock or a pool connection not
    had in time, a statement over its time limit, or a deadlock broken by PostgreSQL."""
    if isinstance(exc, PoolTimeout):
        return True
    if not isinstance(exc, OperationalError):
        return False
    orig = exc.orig
    if isinstance(orig, sqlite3.OperationalError):
        return "locked" in str(orig) or "busy" in str(orig)
    # 55P03 lock_not_available, 57014 query_canceled (statement_timeout), 40P01 deadlock
    # detected, 40001 serialization failure, 53300 too many connections.
    return getattr(orig, "sqlstate", None) in {"55P03", "57014", "40P01", "40001", "53300"}


def without_its_index(session: Session, column: QueryableAttribute[T]) -> SQLColumnExpression[T]:
    """`column`, written so that SQLite will not choose the column's index for it (the
    unary +, SQLite's documented way to steer its planner); PostgreSQL's planner, which
    weighs statistics, gets the column as it is. For where SQLite's choice of index is the
    costly one: walking a whole table in a column's order to spare a sort of a few rows."""
    if session.get_bind().dialect.name != "sqlite":
        return column
    mapped = column.property.columns[0]
    return literal_column(f"+{mapped.table.name}.{mapped.name}", mapped.type)


def json_loads(text: str | bytes) -> Any:
    """JSON columns (contacts' e-mails, fields marked as inferred) are read for every row a
    list shows: hundreds a page. orjson reads them about twenty times faster than the
    standard library; the rare text it refuses (a lone surrogate escape) still reads."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


# PostgreSQL's planner prices a page read at random at 4 sequential ones by default, a figure
# for spinning disks. Engage's tables are read from memory or SSD, where the usual setting
# is 1.1: with 4, a report's 50 meetings were joined to their people by hashing all 30,000
# contacts and affiliations (14 ms at `large`) instead of looking up the few hundred by
# index (3 ms). Set for Engage's own connections, whatever the server's default.
RANDOM_PAGE_COST = 1.1


def make_engine(url: str, *, echo: bool = False, serving: bool = False) -> Engine:
    """`serving`: for the web server, whose every wait must end (LOCK_WAIT_SECONDS…);
    the command line and migrations may run long statements and keep no time limit."""
    pool_timeout = POOL_WAIT_SECONDS if serving else 30
    if url.startswith("sqlite"):
        in_memory = _ensure_sqlite_folder(url)
        engine = create_engine(
            url,
            echo=echo,
            connect_args={"check_same_thread": False},
            json_deserializer=json_loads,
            # An in-memory database has one connection per thread, and no pool to wait for.
            **({} if in_memory else {"pool_timeout": pool_timeout}),
        )
        _configure_sqlite(engine)
        return engine
    options = [f"-c random_page_cost={RANDOM_PAGE_COST}"]
    if serving:
        options += [
            f"-c lock_timeout={LOCK_WAIT_SECONDS}s",
            f"-c statement_timeout={STATEMENT_SECONDS}s",
        ]
    connect_args = {"options": " ".join(options)}
    return create_engine(
        url,
        echo=echo,
        pool_pre_ping=True,
        pool_timeout=pool_timeout,
        connect_args=connect_args,
        json_deserializer=json_loads,
    )


def _ensure_sqlite_folder(url: str) -> bool:
    """Makes the database file's folder; whether the database is in memory instead."""
    from pathlib import Path

    from sqlalchemy.engine import make_url

    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
        return False
    return True


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)


@contextmanager
def unit_of_work(factory: sessionmaker[Session], *, write: bool = True) -> Iterator[Session]:
    """One transaction outside a request (the worker's steps), committed here."""
    session = factory()
    try:
        if write:
            declare_write_intent(session)
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


# Where a reader's session carries its app's cache (app.aggregates).
AGGREGATES_KEY = "aggregates"


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One session per request, committed here and nowhere else.

    Used with `Depends(get_session, scope="function")` wiring in app.deps so the commit
    happens before the response is sent; any exception rolls everything back.

    The session takes no connection and no lock until its first statement runs (in the
    route's thread), so a request holds none while it waits its turn. It is made here in
    the event loop, not in a thread, and its commit or rollback runs on threads of their
    own (app.threads): a commit never queues behind other requests.
    """
    factory: sessionmaker[Session] = request.app.state.session_factory
    session = factory()
    session.info["user_id"] = getattr(request.state, "user_id", None)
    cache = getattr(request.app.state, "aggregates", None)
    if request.method not in SAFE_METHODS:
        declare_write_intent(session)
    elif cache is not None:
        cache.attach(session)  # takes the generation as the transaction begins
    try:
        yield session
    except BaseException:
        await _end(request, session, commit=False)
        raise
    await _end(request, session, commit=True)


async def _end(request: Request, session: Session, *, commit: bool) -> None:
    def end() -> None:
        try:
            if commit:
                session.commit()
            else:
                session.rollback()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    # Shielded: a request cancelled (the server shutting down) still ends its transaction.
    with anyio.CancelScope(shield=True):
        if session.in_transaction() or session.new or session.dirty or session.deleted:
            limiter = getattr(request.app.state, "commit_limiter", None)
            await anyio.to_thread.run_sync(end, limiter=limiter)
        else:
            session.close()  # never touched the database: nothing to send


def in_model_comparison(name: str | None, type_: str, _parent_names: object) -> bool:
    """Whether Alembic compares this table or index with the models (migrations/env.py and
    the migration tests): full-text search tables and indexes, PostgreSQL's own bookkeeping
    and indexes written by hand in their migrations are not model objects."""
    if name is None:
        return True
    if type_ == "table":
        # data_generation_pending: PostgreSQL's own bookkeeping for its generation triggers.
        return "_fts" not in name and name != "data_generation_pending"
    # Indexes only PostgreSQL can express (ordering with NULLS LAST) end in "_pg"; partial
    # indexes whose condition must read as the queries write it, in "_partial".
    return not (type_ == "index" and name.endswith(("_search", "_pg", "_partial")))
