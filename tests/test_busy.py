"""When a wait runs out (for a page slot, a lock, a pooled connection) the answer is 503
"busy, try again" with Retry-After, as a page or as problem details; never a hang or a
500 (issue 17)."""

from __future__ import annotations

import sqlite3

from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError

from app import threads


def _locked() -> None:
    raise OperationalError("UPDATE …", {}, sqlite3.OperationalError("database is locked"))


def test_a_locked_database_is_answered_503_with_retry_after(app, client):
    app.add_api_route("/api/v1/locked", _locked)
    app.add_api_route("/locked", _locked)
    api = client.get("/api/v1/locked")
    assert api.status_code == 503
    assert api.headers["retry-after"]
    assert api.headers["content-type"] == "application/problem+json"
    assert api.json()["title"] == "Busy, try again"
    page = client.get("/locked")
    assert page.status_code == 503
    assert "try again" in page.text


def test_a_request_that_waits_too_long_for_a_page_slot_is_answered_503(
    client: TestClient, monkeypatch
):
    monkeypatch.setattr(threads, "PAGE_WAIT_SECONDS", 0.2)
    slots = client.app.state.page_slots
    borrowers = [object() for _ in range(int(slots.total_tokens))]

    async def occupy() -> None:
        for borrower in borrowers:
            await slots.acquire_on_behalf_of(borrower)

    async def free() -> None:
        for borrower in borrowers:
            slots.release_on_behalf_of(borrower)

    client.portal.call(occupy)  # every slot taken, as by pages in progress
    try:
        busy = client.get("/meetings")
        assert busy.status_code == 503
        assert busy.headers["retry-after"]
        assert client.get("/healthz").status_code == 200  # does not queue
    finally:
        client.portal.call(free)
    assert client.get("/meetings").status_code == 200
