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

from sqlalchemy import Connection, event, select
from sqlalchemy.orm import Session, SessionTransaction

from app.db import AGGREGATES_KEY
from app.generation import DataGeneration, Stamp
from app.shared_pages import SharedPages

T = TypeVar("T")

GENERATION_KEY = "generation"

# Keys come from what people ask for (filters, pages, users, API queries), so the cache is
# bounded twice: by entries and by the size of the text it holds (rendered pages, API
# bodies); past either, the least recently used go. A value bigger than an eighth of the
# budget (a hundred meetings with long minutes as JSON, say) is served but not kept.
MAX_ENTRIES = 1024
MAX_BYTES = 64 * 1024 * 1024
SMALL = 512  # what a count, a list of ids or a set of figures is taken to weigh


def _weight(value: object) -> int:
    return len(value) if isinstance(value, str | bytes) else SMALL


class AggregateCache:
    def __init__(
        self,
        max_entries: int = MAX_ENTRIES,
        max_bytes: int = MAX_BYTES,
        shared: SharedPages | None = None,
    ) -> None:
        self._shared = shared
        self._lock = threading.Lock()
        self._max_entries = max_entries
        self._max_bytes = max_bytes
        self._stamp: Stamp | None = None
        self._values: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._bytes = 0

    def attach(self, session: Session) -> None:
        """Make `session` a reader with this cache. Nothing is read now (the session has
        no connection yet): each of its transactions takes the stamp as it begins."""
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

    def _stamp_of(self, session: Session) -> Stamp:
        if GENERATION_KEY not in session.info:
            session.connection()  # begins the transaction, which takes the stamp
        stamp: Stamp = session.info[GENERATION_KEY]
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


@event.listens_for(Session, "after_begin")
def _take_generation(session: Session, tx: SessionTransaction, connection: Connection) -> None:
    # Runs before the transaction's first statement: in a reader's transaction the
    # generation is read before any page data (a SAVEPOINT comes later, so not there).
    if AGGREGATES_KEY in session.info and not tx.nested:
        stmt = select(DataGeneration.epoch, DataGeneration.generation).where(DataGeneration.id == 1)
        row = connection.execute(stmt).first()
        session.info[GENERATION_KEY] = (row[0], row[1]) if row is not None else ("", 0)


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
