"""A few parallel requests never hang the server or fail it with a 500 (issue 17): every
request is answered with a status a client can act on, every write that is committed was
acknowledged, /healthz answers throughout, and SIGTERM stops the server.

Request loops are bounded in count, and every request in time; addresses are loopback only.
No timings are asserted here (they belong in `python -m bench`)."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import httpx
import pytest
from sqlalchemy import func, select

from app.db import make_engine
from app.organisation.models import Organisation
from tests.load.conftest import Server

T = TypeVar("T")

# What a client can act on: done, conflict, changed since read, or busy (try again).
ANSWERS = {200, 201, 409, 412, 503}
# No request may take longer than this: the server's own waits end sooner, in a 503.
REQUEST_TIMEOUT = 60.0
# Writers start no new operation after this long (a bound on the test's time, not a
# timing asserted: every operation started must still be answered).
WRITERS_STOP_AFTER = 120.0
WRITER_PREFIX = "Load writer"


def _client(server: Server, token: str | None = None) -> httpx.AsyncClient:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.AsyncClient(
        base_url=server.base,
        headers=headers,
        timeout=REQUEST_TIMEOUT,
        limits=httpx.Limits(max_connections=None, max_keepalive_connections=0),
    )


async def _status(request: Awaitable[httpx.Response]) -> int | str:
    try:
        return (await request).status_code
    except httpx.HTTPError as exc:  # a timeout or a dropped connection: not an answer
        return type(exc).__name__


def _run(work: Coroutine[Any, Any, T]) -> T:
    """asyncio.run, in a thread of its own: the browser tests leave an event loop running
    in the main thread."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, work).result()


def _with_health_checks(server: Server, work: Awaitable[T]) -> tuple[T, list[int | str]]:
    """Runs `work` while /healthz is asked four times a second; both results."""

    async def run() -> tuple[T, list[int | str]]:
        health: list[int | str] = []
        done = asyncio.Event()

        async def poll() -> None:
            async with _client(server) as client:
                while not done.is_set():
                    health.append(await _status(client.get("/healthz")))
                    await asyncio.sleep(0.25)

        poller = asyncio.create_task(poll())
        try:
            return await work, health
        finally:
            done.set()
            await poller

    return _run(run())


def _unanswered(statuses: list[Any]) -> dict[Any, int]:
    """How many of each status or error that is not an answer (none, hopefully)."""
    return dict(Counter(status for status in statuses if status not in ANSWERS))


@pytest.mark.parametrize("clients", [40, 200])
def test_parallel_anonymous_sign_in_pages_are_all_answered(server: Server, clients: int):
    async def burst() -> list[int | str]:
        async with _client(server) as client:
            return await asyncio.gather(*(_status(client.get("/login")) for _ in range(clients)))

    statuses, health = _with_health_checks(server, burst())
    assert _unanswered(statuses) == {}
    assert 200 in statuses
    assert set(health) == {200}  # asked throughout, always answered


@pytest.mark.parametrize("clients", [6, 50])
def test_parallel_api_reads_with_one_token_are_all_answered(server: Server, clients: int):
    async def burst() -> list[int | str]:
        statuses: list[int | str] = []
        async with _client(server, server.token) as client:
            # A few rounds: how requests fall on the two workers varies, and a round with
            # three or more on one worker is what hung it.
            for _round in range(3):
                reads = (
                    client.get("/api/v1/organisations", params={"per_page": 5})
                    for _ in range(clients)
                )
                statuses += await asyncio.gather(*(_status(read) for read in reads))
        return statuses

    statuses, health = _with_health_checks(server, burst())
    assert _unanswered(statuses) == {}
    assert 200 in statuses
    assert set(health) == {200}  # asked throughout, always answered


async def _writer(client: httpx.AsyncClient, writer: int, operations: int) -> list[tuple[str, Any]]:
    """Creates an organisation, then changes it (If-Match), and so on: what was answered."""
    answers: list[tuple[str, Any]] = []
    created: httpx.Response | None = None
    stop = asyncio.get_running_loop().time() + WRITERS_STOP_AFTER
    for n in range(operations):
        if asyncio.get_running_loop().time() > stop:
            break
        try:
            if created is None:
                name = f"{WRITER_PREFIX} {writer} op {n}"
                body = {"name": name, "kind": "company", "create_anyway": True}
                response = await client.post("/api/v1/organisations", json=body)
                answers.append(("create", response.status_code))
                created = response if response.status_code == 201 else None
            else:
                record = created.json()
                response = await client.patch(
                    f"/api/v1/organisations/{record['id']}",
                    json={"city": "Patched"},
                    headers={"If-Match": created.headers["etag"]},
                )
                answers.append(("change", response.status_code))
                created = None
        except httpx.HTTPError as exc:
            answers.append(("unanswered", type(exc).__name__))
    return answers


def test_parallel_writers_and_readers_every_committed_write_was_acknowledged(server: Server):
    async def load() -> tuple[list[tuple[str, Any]], list[int | str]]:
        async with _client(server, server.token) as client:
            writers = asyncio.gather(*(_writer(client, w, 10) for w in range(20)))

            async def reader() -> list[int | str]:
                return [await _status(client.get("/api/v1/organisations")) for _ in range(5)]

            readers = asyncio.gather(*(reader() for _ in range(10)))
            written, read = await asyncio.gather(writers, readers)
        return [a for answers in written for a in answers], [s for r in read for s in r]

    (answers, reads), health = _with_health_checks(server, load())
    assert _unanswered([status for _kind, status in answers]) == {}
    assert _unanswered(reads) == {}
    assert set(health) == {200}  # asked throughout, always answered

    engine = make_engine(server.url)
    with engine.connect() as conn:
        ours = select(func.count()).where(Organisation.name.like(f"{WRITER_PREFIX} %"))
        created = conn.scalar(ours)
        changed = conn.scalar(ours.where(Organisation.city == "Patched"))
    engine.dispose()
    assert created == answers.count(("create", 201)) > 0
    assert changed == answers.count(("change", 200))


def test_sigterm_stops_the_server_busy_with_parallel_reads(server: Server):
    """Last in this file: it ends the module's server."""

    async def burst() -> list[int | str]:
        async with _client(server, server.token) as client:
            client.timeout = httpx.Timeout(10.0)
            reads = (client.get("/api/v1/organisations") for _ in range(50))
            return await asyncio.gather(*(_status(read) for read in reads))

    _run(burst())
    assert server.stop(timeout=30) is not None, "the server kept running after SIGTERM"
    assert server.refuses_connections(within=30), "a worker kept serving after SIGTERM"
