"""Where the blocking work of requests runs.

Pages are synchronous functions run in a worker process's thread pool. Python runs one
thread at a time, so forty threads (AnyIO's default) serving pages at once only take
turns at the interpreter lock: each page takes as long as all of them together, and
threads coming back from the database queue for the lock. A few threads per process keep
a page's time close to its own cost; more processes (`engage serve --workers`) use more
cores.

Files that take seconds to build (a year's spreadsheet or PDF, a briefing pack) run on
a limiter of their own, so a director exporting a year never holds up colleagues' pages.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import TypeVar

import anyio.to_thread
from fastapi import FastAPI, Request

T = TypeVar("T")


def lifespan(page_threads: int, file_threads: int) -> Callable[[FastAPI], AsyncIterator[None]]:
    @asynccontextmanager
    async def run(app: FastAPI) -> AsyncIterator[None]:
        # The limiters belong to the event loop, so they are made here, inside it.
        anyio.to_thread.current_default_thread_limiter().total_tokens = page_threads
        app.state.file_limiter = anyio.CapacityLimiter(file_threads)
        yield

    return run  # type: ignore[return-value]


async def build_file(request: Request, build: Callable[[], T]) -> T:
    """Run `build` (a slow export) in a thread of the files' own limiter."""
    limiter = getattr(request.app.state, "file_limiter", None)
    return await anyio.to_thread.run_sync(build, limiter=limiter)
