"""Reading a busy body's list (app.listing.first_page_among) under chosen thresholds, and
seeing whether it looked among everyone's first rows, for the tests of each such list."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import TypeVar

import pytest

from tests.conftest import QueryCounter

T = TypeVar("T")


def read_busy_list(
    monkeypatch: pytest.MonkeyPatch,
    count_queries: QueryCounter,
    queries: ModuleType,
    thresholds: dict[str, int],
    read: Callable[[], T],
    looking_among_first: str,
) -> tuple[T, bool]:
    """What `read` gives with the `queries` module's thresholds set, and whether one of
    its statements contained `looking_among_first` (the mark of the look among everyone's
    first rows)."""
    for name, value in thresholds.items():
        monkeypatch.setattr(queries, name, value)
    with count_queries:
        result = read()
    return result, any(looking_among_first in s for s in count_queries.statements)
