"""Figures derived from all engagement data (the dashboard's aggregates, a report's
figures), cached per process under the data generation (app.generation): recomputed
after any change to engagement data, otherwise served from memory. Only plain values are
cached, never ORM objects."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from app.generation import current_generation

T = TypeVar("T")


# Reports are keyed by their filters, so the number of keys is bounded by forgetting
# everything when it grows past this (it is emptied at every change of data anyway).
MAX_ENTRIES = 512


class AggregateCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._generation = -1
        self._values: dict[Hashable, Any] = {}

    def get(self, session: Session, key: Hashable, compute: Callable[[], T]) -> T:
        # The generation is read before computing: a value is never filed under a
        # generation older than the data it was computed from.
        generation = session.info.get("generation")
        if generation is None:
            generation = session.info["generation"] = current_generation(session)
        with self._lock:
            if generation == self._generation and key in self._values:
                return self._values[key]  # type: ignore[no-any-return]
        value = compute()
        with self._lock:
            if generation > self._generation:
                self._generation, self._values = generation, {}
            if generation == self._generation:
                if len(self._values) >= MAX_ENTRIES:
                    self._values = {}
                self._values[key] = value
        return value
