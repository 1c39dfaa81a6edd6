"""The bench's mixed load at a tiny scale: readers on every page beside a writer, and
beside an import, produce figures for each page and for the writes, and the edits and
the imported people are really in the database (no timings compared here)."""

from __future__ import annotations

import asyncio
import csv
from pathlib import Path

from sqlalchemy import func, select

from app.commitment.models import PledgeStatusChange
from app.contact.models import Contact
from app.meeting.models import Meeting
from bench import mixed, server
from bench.__main__ import pages
from tests.bench.authority import generated_authority

FIGURES = {"requests_per_s", "p50_ms", "p95_ms", "p99_ms", "mean_ms", "errors"}


def test_mixed_load_reads_every_page_beside_a_writer_and_an_import(tmp_path: Path):
    with generated_authority("benchmixed") as (url, engine):
        server.add_bench_user(url)
        token = mixed.writer_token(url)
        listed = pages(1, 2025)[:3] + pages(1, 2025)[-1:]
        small = mixed.import_file(url, tmp_path, "T", rows=20)
        with small.open(encoding="utf-8") as rows:
            people = [row["full_name"] for row in csv.DictReader(rows)]

        with server.engage_server(url, workers=1) as base:
            cookies = server.sign_in(base)
            writing = asyncio.run(
                mixed.phase(url, base, cookies, token, listed, seconds=1.5, rate=4)
            )
            importing = asyncio.run(
                mixed.phase(url, base, cookies, token, listed, seconds=0.5, import_file=small)
            )

        assert writing["writes_sent"] >= 4
        assert set(writing["writes"]) == FIGURES
        assert writing["writes"]["errors"] == 0
        by_kind = writing["writes by kind"]
        assert list(by_kind) == list(mixed.Editor.KINDS)
        assert sum(row["errors"] for row in by_kind.values()) == 0
        assert all(row["p50_ms"] > 0 for row in by_kind.values())
        for figures in (writing, importing):
            assert list(figures["pages"]) == [name for name, _ in listed]
            for row in figures["pages"].values():
                assert set(row) == FIGURES
                assert row["errors"] == 0
                assert row["p50_ms"] > 0
                assert row["p99_ms"] >= row["p95_ms"] >= row["p50_ms"]
        assert importing["import"]["outcome"].startswith("2 organisations, 20 contacts")
        with engine.connect() as conn:
            edited = conn.scalar(
                select(func.count()).select_from(Meeting).where(Meeting.title.like("% (edit %)"))
            )
            # The writer takes the three kinds in turn: the first of every three renames.
            assert edited == min(-(-writing["writes_sent"] // 3), mixed.EDITED)
            moved = conn.scalar(
                select(func.count())
                .select_from(PledgeStatusChange)
                .where(PledgeStatusChange.evidence_note == "bench writer")
            )
            assert moved == writing["writes_sent"] // 3 + (writing["writes_sent"] % 3 == 2)
            imported = conn.scalar(
                select(func.count()).select_from(Contact).where(Contact.full_name.in_(people))
            )
            assert imported == 20
