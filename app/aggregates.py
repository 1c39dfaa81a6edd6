"""Figures derived from all engagement data (the dashboard's aggregates, a report's
figures, lists' counts, pages' rendered content), cached per process under the data
generation's stamp (app.generation: an epoch and a counter that the database moves):
recomputed after any change to engagement data, otherwise served from memory. Only plain
values are cached, never ORM objects.

Only readers use the cache: a request that may write (any method but GET, HEAD and
OPTIONS) could read its own changes before they are committed, or see them rolled back,
so it always computes afresh (app.db.get_session gives only readers' sessions the cache).
A reader's transaction takes the stamp (epoch and counter) as it begins, before its first
statement, so whatever it files under that stamp was read after it (`AggregateCache.attach`).

Rendered pages (`kept_page`) are also shared by the worker processes of one server when it
has a SharedPages (app.shared_pages): built once per change for the whole server.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

from sqlalchemy import Connection, Select, event, select
from sqlalchemy.orm import Session, SessionTransaction
from sqlalchemy.sql.util import find_tables

from app.db import AGGREGATES_KEY
from app.generation import DataGeneration, Stamp, tally_tables, tracked_tables
from app.shared_pages import SharedPages

T = TypeVar("T")

GENERATION_KEY = "generation"
TALLY_KEY = "tally generation"

# Keys come from what people ask for (filters, pages, users, API queries), so the cache is
# bounded twice: by entries and by the size of the text it holds (rendered pages, API
# bodies); past either, the least recently used go. A value bigger than an eighth of the
# budget (a hundred meetings with long minutes as JSON, say) is served but not kept.
MAX_ENTRIES = 1024
MAX_BYTES = 64 * 1024 * 1024
SMALL = 512  # what a count, a list of ids or a set of figures is taken to weigh
# Rows read from the tallies: a few per figure, for a dashboard and a few reports' periods.
TALLIED_ENTRIES = 256
TALLIED_BYTES = 8 * 1024 * 1024


def _weight(value: object) -> int:
    return len(value) if isinstance(value, str | bytes) else SMALL


class StampedValues:
    """Values kept under one stamp, which a reader's transaction takes as it begins
    (session.info[stamp_key], `_take_generation`): all are forgotten when a newer stamp
    arrives, and the least recently used go past the bounds."""

    def __init__(self, stamp_key: str, max_entries: int, max_bytes: int) -> None:
        self._stamp_key = stamp_key
        self._lock = threading.Lock()
        self._max_entries = max_entries
        self._max_bytes = max_bytes
        self._stamp: Stamp | None = None
        self._values: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._bytes = 0

    def _stamp_of(self, session: Session) -> Stamp:
        if self._stamp_key not in session.info:
            session.connection()  # begins the transaction, which takes the stamps
        stamp: Stamp = session.info[self._stamp_key]
        return stamp

    def get(self, session: Session, key: Hashable, compute: Callable[[], T]) -> T:
        stamp = self._stamp_of(session)
        with self._lock:
            if stamp == self._stamp and key in self._values:
                self._values.move_to_end(key)
                # The cache holds many kinds of value; this key's is the T its compute made.
                return cast(T, self._values[key][0])
        value = compute()
        weight = _weight(value)
        if weight > self._max_bytes // 8:
            return value
        with self._lock:
            if self._newer(stamp):
                self._stamp, self._values, self._bytes = stamp, OrderedDict(), 0
            if stamp == self._stamp:
                if key in self._values:
                    self._bytes -= self._values.pop(key)[1]
                self._values[key] = (value, weight)
                self._bytes += weight
                while len(self._values) > self._max_entries or self._bytes > self._max_bytes:
                    self._bytes -= self._values.popitem(last=False)[1][1]
        return value

    def _newer(self, stamp: Stamp) -> bool:
        """Whether `stamp` replaces what is kept: a later counter of the same epoch, or
        another epoch (a restore, an upgrade: epochs have no order, and a reader that began
        before one only makes the next reader compute afresh, never see old data)."""
        if self._stamp is None or stamp[0] != self._stamp[0]:
            return True
        return stamp[1] > self._stamp[1]


class AggregateCache(StampedValues):
    """Kept until the data changes; with it, `tallied`: what is read from the kept
    tallies alone, kept until a tally changes (an edit that moves no count, a title or
    minutes, leaves it)."""

    def __init__(
        self,
        max_entries: int = MAX_ENTRIES,
        max_bytes: int = MAX_BYTES,
        shared: SharedPages | None = None,
    ) -> None:
        super().__init__(GENERATION_KEY, max_entries, max_bytes)
        self._shared = shared
        self.tallied = StampedValues(TALLY_KEY, TALLIED_ENTRIES, TALLIED_BYTES)

    def attach(self, session: Session) -> None:
        """Make `session` a reader with this cache. Nothing is read now (the session has
        no connection yet): each of its transactions takes the stamps as it begins."""
        session.info[AGGREGATES_KEY] = self

    def get_page(self, session: Session, key: Hashable, build: Callable[[], str]) -> str:
        """As `get`, and shared with the server's other processes when it has a
        SharedPages: the key's repr names the page there, so it must be the same in every
        process for the same page (plain values: strings, numbers, dates, tuples)."""
        shared = self._shared
        if shared is None:
            return self.get(session, key, build)
        stamp = self._stamp_of(session)
        return self.get(session, key, lambda: shared.get(stamp, repr(key), build))


@event.listens_for(Session, "after_begin")
def _take_generation(session: Session, tx: SessionTransaction, connection: Connection) -> None:
    # Runs before the transaction's first statement: in a reader's transaction the
    # generation is read before any page data (a SAVEPOINT comes later, so not there).
    if AGGREGATES_KEY in session.info and not tx.nested:
        stmt = select(
            DataGeneration.epoch, DataGeneration.generation, DataGeneration.tally_generation
        ).where(DataGeneration.id == 1)
        epoch, generation, tally = connection.execute(stmt).first() or ("", 0, 0)
        session.info[GENERATION_KEY] = (epoch, generation)
        session.info[TALLY_KEY] = (epoch, tally)


def kept(session: Session, key: Hashable, compute: Callable[[], T]) -> T:
    """What `compute` returns, kept until the data changes when `session` is a reader's
    with the app's cache; computed afresh otherwise (writers, the command line)."""
    cache: AggregateCache | None = session.info.get(AGGREGATES_KEY)
    if cache is None:
        return compute()
    return cache.get(session, key, compute)


def kept_page(session: Session, key: Hashable, build: Callable[[], str]) -> str:
    """As `kept`, for a rendered page: shared by the server's processes when they share
    one (AggregateCache.get_page)."""
    cache: AggregateCache | None = session.info.get(AGGREGATES_KEY)
    if cache is None:
        return build()
    return cache.get_page(session, key, build)


def kept_statement(
    session: Session, purpose: Hashable, stmt: Select[Any], compute: Callable[[], T]
) -> T:
    """What `compute` makes of `stmt` for `purpose` (its rows, a count, a page's ids), kept
    while what the statement reads is unchanged: until a tally changes when it reads the
    kept tallies alone, until the data changes when it reads only tables whose every
    change moves the data generation; computed afresh otherwise (the audit trail, webhook
    deliveries...) and for writers. Which tables it reads is found in the statement
    itself, so nothing can be kept under a stamp its tables do not move."""
    cache: AggregateCache | None = session.info.get(AGGREGATES_KEY)
    if cache is None:
        return compute()
    tables = {t.name for t in find_tables(stmt, include_joins=True, include_aliases=True)}
    store: StampedValues
    if tables and tables <= tally_tables():
        store = cache.tallied
    elif tables and tables <= tracked_tables() | tally_tables():
        store = cache
    else:
        return compute()
    # The statement's cache key, as SQLAlchemy's own caching example uses it: the
    # statement's structure, plus the values bound into it.
    cache_key = stmt._generate_cache_key()
    if cache_key is None:
        return compute()
    values = repr([bound.effective_value for bound in cache_key.bindparams])
    return store.get(session, (purpose, cache_key.key, values), compute)


def kept_rows(session: Session, stmt: Select[Any]) -> list[tuple[Any, ...]]:
    """The rows of `stmt` as plain tuples, kept as `kept_statement` says."""
    return kept_statement(
        session, "rows", stmt, lambda: [tuple(row) for row in session.execute(stmt)]
    )


def kept_count(session: Session, stmt: Select[Any]) -> int:
    """The number a one-figure statement (a sum, a count) gives, kept as `kept_statement`
    says; 0 when it gives none."""
    return int(kept_statement(session, "figure", stmt, lambda: session.scalar(stmt) or 0))
