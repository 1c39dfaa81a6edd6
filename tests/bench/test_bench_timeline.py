"""The bench's timeline figure reads each sampled body's timeline both ways on a generated
authority, says which way its page takes, and leaves the busy threshold as it was (no
timings compared here)."""

from __future__ import annotations

from app.organisation import queries
from bench.timeline import measure
from tests.bench.authority import generated_authority


def test_timeline_figure_reads_each_body_both_ways(capsys):
    usual = queries.BUSY
    with generated_authority("benchtimeline") as (url, _engine):
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
