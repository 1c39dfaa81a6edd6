"""python -m bench.first_views at a tiny scale: a round serves a checkout by its own
.venv and times each page's first view after a change, and with a rate, each page beside
a writer (no timings compared here)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sqlalchemy import select

from app.config import PROJECT_ROOT
from app.meeting.models import Participant
from app.organisation.models import Organisation
from bench import mixed, server
from bench.__main__ import pages, pages_of
from bench.first_views import one_round
from tests.bench.authority import generated_authority


def test_a_round_times_each_page_on_this_and_on_a_named_checkout():
    with generated_authority("benchfirst") as (url, _engine):
        server.add_bench_user(url)
        listed = [pages(1, 2025)[0], pages(1, 2025)[-1]]
        for checkout in (None, Path(PROJECT_ROOT)):
            figures = one_round(url, checkout, listed, rate=None, seconds=0)
            first = figures.pop("first view after a change, median ms")
            counted = figures.pop("first view after a change that moves a count, median ms")
            assert not figures
            for timed in (first, counted):
                assert set(timed) == {"dashboard", "API pledges (overdue)"}
                assert all(ms > 0 for ms in timed.values()), timed
        figures = one_round(url, None, listed, rate=2, seconds=2)
        assert set(figures) == {
            "first view after a change, median ms",
            "first view after a change that moves a count, median ms",
            "p95 ms beside 2 write/s",
            "p99 ms beside 2 write/s",
        }
        beside = figures["p95 ms beside 2 write/s"]
        assert set(beside) == {"dashboard", "API pledges (overdue)", "(the writes)"} | {
            f"(writes: {kind})" for kind in mixed.Editor.KINDS
        }
        assert all(ms > 0 for ms in beside.values()), beside


def test_the_pages_measured_include_the_authoritys_own_and_the_busiest_bodys():
    with generated_authority("benchpages") as (url, engine):
        listed = dict(pages_of(url, 2025))
        with engine.connect() as conn:
            authority = conn.scalar(select(Organisation.id).where(Organisation.acronym == "STZA"))
            met = conn.execute(
                select(Participant.organisation_id, Participant.side).where(
                    Participant.organisation_id.is_not(None)
                )
            ).all()
    assert listed["the authority's page"] == f"/organisations/{authority}"
    assert listed["meetings with the authority"] == f"/meetings?organisation={authority}"
    across = Counter(body for body, side in met if side == "counterpart")
    busiest = int(listed["busiest organisation"].rsplit("/", 1)[1])
    assert busiest != authority
    assert across[busiest] == max(across.values())
