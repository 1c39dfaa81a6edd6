"""Where the blocking work of requests runs, and how many requests run at once.

Pages are synchronous functions run in a worker process's threads. Python runs one
thread at a time, so forty pages at once only take turns at the interpreter lock: each
takes as long as all of them together. So each process serves a few requests at once
(page slots, `ENGAGE_PAGE_THREADS`); more processes (`engage serve --workers`) use more
cores.

A request waits for its slot *before* it has a database session, and once it has one it
never waits for a thread: the thread pool (AnyIO's default of 40) is far larger than the
slots. So a request never holds a lock or a connection while it queues behind requests
that wait for that lock or connection (issue 17: two page threads, each held by a request
waiting for a row lock whose holder waited for a page thread, hung the server for good).
A request that waits too long for a slot is answered 503 "busy, try again".

Commits run on threads of their own (app.db.get_session), and files that take seconds to
build (a year's spreadsheet or PDF, a briefing pack) on a limiter of their own: an export
gives its page slot back while it builds, so a director exporting a year never holds up
colleagues' pages. A response that streams gives its slot back when it starts.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import TypeVar

import anyio
import anyio.to_thread
from fastapi import FastAPI, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import busy_response

T = TypeVar("T")

# How long a request may wait for a page slot before it is answered 503.
PAGE_WAIT_SECONDS = 30
# Not queued for a slot: the health check must answer while pages queue, and static
# files touch no database.
UNQUEUED_PREFIXES = ("/healthz", "/static/")
RELEASE_KEY = "engage.release_page_slot"


def lifespan(
    page_threads: int, file_threads: int
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def run(app: FastAPI) -> AsyncIterator[None]:
        # The limiters belong to the event loop, so they are made here, inside it.
        app.state.page_slots = anyio.CapacityLimiter(page_threads)
        app.state.file_limiter = anyio.CapacityLimiter(file_threads)
        # Every request that may be committing at once: those in a page slot or building
        # a file. A commit waits only for other commits, which wait for nothing but the
        # database, and that within its time limits (app.db).
        app.state.commit_limiter = anyio.CapacityLimiter(page_threads + file_threads)
        yield

    return run


class PageSlots:
    """Admits at most `ENGAGE_PAGE_THREADS` requests at once into the app; the others wait
    here, holding nothing, for at most PAGE_WAIT_SECONDS."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        slots: anyio.CapacityLimiter | None = getattr(scope["app"].state, "page_slots", None)
        if scope["type"] != "http" or slots is None or scope["path"].startswith(UNQUEUED_PREFIXES):
            await self.app(scope, receive, send)
            return
        borrower = object()
        try:
            with anyio.fail_after(PAGE_WAIT_SECONDS):
                await slots.acquire_on_behalf_of(borrower)
        except TimeoutError:
            await busy_response(scope, "Engage is busy serving other requests.")(
                scope, receive, send
            )
            return
        held = True

        def release() -> None:
            nonlocal held
            if held:
                held = False
                slots.release_on_behalf_of(borrower)

        async def send_and_release(message: Message) -> None:
            if message["type"] == "http.response.start":
                release()  # the page's work is done; what is left is sending it
            await send(message)

        scope[RELEASE_KEY] = release
        try:
            await self.app(scope, receive, send_and_release)
        finally:
            release()


async def build_file(request: Request, build: Callable[[], T]) -> T:
    """Run `build` (a slow export) in a thread of the files' own limiter, giving the
    request's page slot back first."""
    request.scope.get(RELEASE_KEY, lambda: None)()
    limiter = getattr(request.app.state, "file_limiter", None)
    return await anyio.to_thread.run_sync(build, limiter=limiter)
