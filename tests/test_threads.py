"""Requests per worker: few pages at once, and slow exports on their own (app.threads)."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import anyio.to_thread

SEEDED_MEETING = "Meet the Minister"


async def _threads() -> float:
    return anyio.to_thread.current_default_thread_limiter().total_tokens


def test_pages_and_files_each_have_the_configured_slots_and_threads_are_ample(client, settings):
    assert client.app.state.page_slots.total_tokens == settings.page_threads == 2
    assert client.app.state.file_limiter.total_tokens == settings.file_threads
    # A request in a page slot never waits for a thread (app.threads).
    assert client.portal.call(_threads) >= 10 * settings.page_threads


def test_exports_waiting_for_a_file_thread_do_not_hold_up_pages(client):
    limiter = client.app.state.file_limiter
    borrowers = [object() for _ in range(int(limiter.total_tokens))]

    async def occupy() -> None:
        for borrower in borrowers:
            await limiter.acquire_on_behalf_of(borrower)

    async def free() -> None:
        for borrower in borrowers:
            limiter.release_on_behalf_of(borrower)

    # Every file thread is taken, as by long exports in progress...
    client.portal.call(occupy)
    with ThreadPoolExecutor(1) as pool:
        export = pool.submit(
            client.get, "/reports/export.xlsx", params={"start": "2022-01-01", "end": "2022-12-31"}
        )
        deadline = time.monotonic() + 30
        while limiter.statistics().tasks_waiting == 0:
            assert time.monotonic() < deadline, "the export never queued for a file thread"
            time.sleep(0.01)
        # ...so the next export queues for one, while pages still open at once.
        page = client.get("/meetings")
        assert SEEDED_MEETING in page.text
        assert not export.done()
        client.portal.call(free)
        response = export.result(timeout=60)
    assert response.status_code == 200
    assert response.content[:2] == b"PK"  # an XLSX is a zip
