"""The bench's timeline figure reads each sampled body's timeline both ways on a generated
authority, says which way its page takes, and leaves the busy threshold as it was (no
timings compared here)."""

from __future__ import annotations

from datetime import date

from app.db import make_engine
from app.organisation import queries
from bench.generate import generate
from bench.timeline import measure
from tests.databases import throwaway_database, upgrade


def test_timeline_figure_reads_each_body_both_ways(capsys):
    usual = queries.BUSY
    with throwaway_database("benchtimeline") as url:
        engine = make_engine(url)
        with engine.begin() as conn:
            upgrade(conn)
        generate(engine, "tiny", today=date(2026, 11, 22))
        engine.dispose()
        measure(url)
    assert queries.BUSY == usual
    lines = capsys.readouterr().out.splitlines()
    rows = [line.split() for line in lines if line.strip()[:1].isdigit()]
    assert len(rows) >= 3
    for row in rows:
        participants = int(row[1])
        assert float(row[2]) > 0
        assert float(row[3]) > 0
        if participants < usual:
            assert row[-2:] == ["read", "whole"]
