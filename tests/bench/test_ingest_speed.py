"""The ingest speed bench runs end to end at `tiny` and prints its figures (no timings
compared: they depend on the machine)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench import ingest_speed


def test_ingest_speed_prints_first_and_warm_figures_per_text_and_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "engage-ingest-tiny.db"
    monkeypatch.setattr(ingest_speed, "sqlite_path", lambda scale: path)
    ingest_speed.main(["--scale", "tiny", "--engine", "sqlite", "--runs", "2"])
    out = capsys.readouterr().out

    texts = ingest_speed.release_texts()
    counts = [ingest_speed.word_count(t) for t in texts]
    assert len(texts) >= 5
    assert all(550 <= c <= 750 for c in counts)
    assert f"{len(texts)} texts of {', '.join(map(str, counts))} words" in out
    assert "== sqlite · tiny · drafting a release (ms) ==" in out
    for n, words in enumerate(counts, 1):
        # words, first, then the warm median, p95 and max, in milliseconds
        assert re.search(rf"^text {n} +{words}( +\d+){{4}}$", out, re.M), out
    assert re.search(r"^whole, first .*:( +\d+){3}$", out, re.M)
    assert re.search(r"^whole, warm .*:( +\d+){3}$", out, re.M)
    assert re.search(r"^slowest \d+ ms: (under|OVER) the 1 s target$", out, re.M)
    assert not path.exists()  # dropped afterwards


def test_the_texts_are_development_texts_only() -> None:
    joined = "\n\n".join(ingest_speed.release_texts())
    assert "heldout" not in str(ingest_speed.DEV)
    for path in sorted(ingest_speed.DEV.glob("*.txt"))[:3]:
        assert path.read_text(encoding="utf-8").strip() in joined
