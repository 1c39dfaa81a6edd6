"""The bench's busy-bodies figure reads each sampled body's timeline and pledges both ways
on a generated authority, and says which way its page takes (no timings compared here)."""

from __future__ import annotations

from app.commitment import queries as commitments
from app.meeting import queries as meetings
from bench.busy_bodies import measure
from tests.bench.authority import generated_authority


def test_busy_bodies_figure_reads_each_list_both_ways(capsys):
    with generated_authority("benchbusy") as (url, _engine):
        measure(url)
    out = capsys.readouterr().out
    sections = out.split("\n== ")[1:]
    assert [s.split(":")[1].split(",")[0].strip() for s in sections] == ["timeline", "pledges"]
    for section, busy_from in zip(sections, (meetings.BUSY, commitments.BUSY_PLEDGES), strict=True):
        rows = [line.split() for line in section.splitlines() if line.strip()[:1].isdigit()]
        assert len(rows) >= 3
        for row in rows:
            assert float(row[2]) > 0
            assert float(row[3]) > 0
            if int(row[1]) < busy_from:
                assert row[-2:] == ["read", "whole"]
