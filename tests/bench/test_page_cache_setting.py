"""ENGAGE_PAGE_CACHE=0, the benchmark's switch for measuring pages uncached: with it off,
a page viewed twice is built twice, from the database each time."""

from __future__ import annotations

import pytest

from app.config import Settings
from tests.conftest import SECRET


@pytest.fixture
def settings(database_url: str) -> Settings:
    # Overrides the suite's settings for this module: every app here runs without a cache.
    return Settings(database_url=database_url, secret_key=SECRET, page_cache=False)


def _selects(statements: list[str], table: str) -> list[str]:
    return [s for s in statements if s.lstrip().upper().startswith("SELECT") and f" {table}" in s]


def test_the_setting_is_read_from_the_environment_and_on_by_default(monkeypatch, database_url):
    assert Settings(database_url=database_url).page_cache is True
    monkeypatch.setenv("ENGAGE_PAGE_CACHE", "0")
    assert Settings(database_url=database_url).page_cache is False


def test_a_list_viewed_twice_without_the_cache_runs_its_queries_twice(client, count_queries):
    with count_queries as first:
        page = client.get("/meetings")
    with count_queries as second:
        again = client.get("/meetings")
    assert "<title>Meetings · Engage</title>" in page.text
    assert again.text.count("<tr") == page.text.count("<tr") > 1
    assert _selects(first.statements, "meeting")
    assert _selects(second.statements, "meeting") == _selects(first.statements, "meeting")
    assert second.count == first.count


def test_the_dashboard_viewed_twice_without_the_cache_counts_its_figures_twice(
    client, count_queries
):
    with count_queries as first:
        page = client.get("/")
    with count_queries as second:
        again = client.get("/")
    assert 'id="stat-meetings"' in page.text
    assert 'id="stat-meetings"' in again.text
    counted_first = [s for s in first.statements if "count(" in s.lower()]
    counted_second = [s for s in second.statements if "count(" in s.lower()]
    assert counted_first
    assert counted_second == counted_first
    assert second.count == first.count
