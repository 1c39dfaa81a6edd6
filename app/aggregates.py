"""Figures derived from all engagement data (the dashboard's aggregates, a report's
figures, lists' counts, pages' rendered content), cached per process under the data
generation (app.generation): recomputed after any change to engagement data, otherwise
served from memory. Only plain values are cached, never ORM objects."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from app.generation import current_generation

T = TypeVar("T")


# Keys come from what people ask for (filters, pages, users), so the cache is bounded:
# past this many entries the least recently used goes. Rendered pages are tens of KB,
# so a worker holds a few tens of MB at most; a change of data empties it anyway.
MAX_ENTRIES = 1024


class AggregateCache:
    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._lock = threading.Lock()
        self._max_entries = max_entries
        self._generation = -1
        self._values: OrderedDict[Hashable, Any] = OrderedDict()

    def get(self, session: Session, key: Hashable, compute: Callable[[], T]) -> T:
        # The generation is read before computing: a value is never filed under a
        # generation older than the data it was computed from.
        generation = session.info.get("generation")
        if generation is None:
            generation = session.info["generation"] = current_generation(session)
        with self._lock:
            if generation == self._generation and key in self._values:
                self._values.move_to_end(key)
                return self._values[key]  # type: ignore[no-any-return]
        value = compute()
        with self._lock:
            if generation > self._generation:
                self._generation, self._values = generation, OrderedDict()
            if generation == self._generation:
                self._values[key] = value
                self._values.move_to_end(key)
                while len(self._values) > self._max_entries:
                    self._values.popitem(last=False)
        return value
