"""A generated authority for the bench's tests: a throwaway database at head with the
bench generator's `tiny` data."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from sqlalchemy import Engine

from app.db import make_engine
from bench.generate import generate
from tests.databases import throwaway_database, upgrade


@contextmanager
def generated_authority(name: str) -> Iterator[tuple[str, Engine]]:
    """(url, engine) of a database named after `name`, dropped afterwards. The engine's
    connections are closed before the test runs, so servers it starts find none open."""
    with throwaway_database(name) as url:
        engine = make_engine(url)
        with engine.begin() as conn:
            upgrade(conn)
        generate(engine, "tiny", today=date(2026, 11, 22))
        engine.dispose()
        try:
            yield url, engine
        finally:
            engine.dispose()
