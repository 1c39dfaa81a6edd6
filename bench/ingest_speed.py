"""How long drafting a meeting from a ~600-word release takes on a generated authority
(issue 18's target: under 1 s at `large`). Each text goes through what the /ingest page
runs (app.ingest.service.draft_for_form: the gazetteer read from the database, the draft,
matching, the form), first in a fresh engine with no compiled patterns (cold), then again
(warm).

    python -m bench.ingest_speed --scale large --engine sqlite|postgres|both
    python -m bench.ingest_speed --scale large --copy-from /tmp/some-large.db  # no generating

The texts are development texts of the real corpus (tests/ingest/real/dev, never the
held-out ones) joined in file order to about 600 words each. The databases are this
bench's own (never another benchmark's): /tmp/engage-ingest-<scale>.db and
engage_ingest_<scale> on the local PostgreSQL server, dropped afterwards unless --keep.
"""

from __future__ import annotations

import argparse
import math
import re
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session

from app.config import PROJECT_ROOT, Settings
from app.db import make_engine
from app.ingest.service import draft_for_form
from bench.generate import generate

DEV = PROJECT_ROOT / "tests" / "ingest" / "real" / "dev"
PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
WORDS = 600
WARM_RUNS = 5


def release_texts(words: int = WORDS) -> list[str]:
    """Dev texts joined in file order until each reaches `words` words; a remainder too
    short to count as a release is left out."""
    texts, parts, count = [], [], 0
    for path in sorted(DEV.glob("*.txt")):
        body = path.read_text(encoding="utf-8").strip()
        parts.append(body)
        count += len(body.split())
        if count >= words:
            texts.append("\n\n".join(parts))
            parts, count = [], 0
    return texts


def word_count(body: str) -> int:
    return len(body.split())


def _upgrade(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def sqlite_path(scale: str) -> Path:
    return Path(tempfile.gettempdir()) / f"engage-ingest-{scale}.db"


def _forget_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy through SQLite's backup API, the source opened read-only (it
    may be another benchmark's file, and may have a write-ahead log)."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


@contextmanager
def database(engine_name: str, scale: str, *, copy_from: Path | None, keep: bool) -> Iterator[str]:
    """This bench's own database at `scale`, made (or reused with --keep), then dropped."""
    if engine_name == "sqlite":
        path = sqlite_path(scale)
        url = f"sqlite:///{path}"
        reuse = keep and path.exists()
        if not reuse:
            _forget_sqlite(path)
            if copy_from:
                _copy_sqlite(copy_from, path)
        try:
            if not reuse:
                _fill(url, scale, generated=copy_from is None)
            yield url
        finally:
            if not keep:
                _forget_sqlite(path)
        return
    name = f"engage_ingest_{scale}"
    admin = create_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        reuse = keep and bool(exists)
        if not reuse:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_SERVER.rsplit("/", 1)[0] + f"/{name}"
    try:
        if not reuse:
            _fill(url, scale, generated=True)
        yield url
    finally:
        if not keep:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _fill(url: str, scale: str, *, generated: bool) -> None:
    engine = make_engine(url)
    try:
        _upgrade(engine)  # a copied database is brought to head; a new one is made
        if generated:
            started = time.perf_counter()
            generate(engine, scale)
            print(f"generated {scale} in {time.perf_counter() - started:.1f} s", flush=True)
    finally:
        engine.dispose()


@dataclass
class Timing:
    words: int
    first: float
    warm: list[float] = field(default_factory=list)


def _draft_once(engine: Engine, body: str, settings: Settings) -> float:
    with Session(engine) as session:
        started = time.perf_counter()
        draft_for_form(session, body, settings)
        took = time.perf_counter() - started
        session.rollback()
    return took


def time_texts(url: str, texts: list[str], warm_runs: int = WARM_RUNS) -> list[Timing]:
    settings = Settings(database_url=url)
    timings = []
    for body in texts:
        # Cold: a new engine (no connection, nothing read yet) and no compiled patterns.
        re.purge()
        engine = make_engine(url)
        try:
            timing = Timing(word_count(body), _draft_once(engine, body, settings))
            timing.warm = [_draft_once(engine, body, settings) for _ in range(warm_runs)]
        finally:
            engine.dispose()
        timings.append(timing)
    return timings


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def _figures(values: list[float]) -> str:
    return (
        f"{statistics.median(values) * 1000:>7.0f} {p95(values) * 1000:>7.0f} "
        f"{max(values) * 1000:>7.0f}"
    )


def report(engine_name: str, scale: str, timings: list[Timing]) -> str:
    head = f"{'':14} {'words':>5} {'first':>7}   warm: {'median':>7} {'p95':>7} {'max':>7}"
    lines = [f"== {engine_name} · {scale} · drafting a release (ms) ==", head]
    for n, t in enumerate(timings, 1):
        lines.append(
            f"{f'text {n}':14} {t.words:>5} {t.first * 1000:>7.0f}   {'':5} {_figures(t.warm)}"
        )
    firsts = [t.first for t in timings]
    warm = [w for t in timings for w in t.warm]
    lines.append(f"whole, first   median {'':>6} p95 {'':>3} max: {_figures(firsts)}")
    lines.append(f"whole, warm    median {'':>6} p95 {'':>3} max: {_figures(warm)}")
    slowest = max([*firsts, *warm])
    verdict = "under" if slowest < 1 else "OVER"
    lines.append(f"slowest {slowest * 1000:.0f} ms: {verdict} the 1 s target")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--scale", choices=["tiny", "small", "large"], default="large")
    parser.add_argument("--engine", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--runs", type=int, default=WARM_RUNS, help="warm runs per text")
    parser.add_argument(
        "--copy-from",
        type=Path,
        help="SQLite only: copy this generated database (read-only) instead of generating",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the database afterwards, and use a kept one instead of making it again",
    )
    args = parser.parse_args(argv)
    engines = ["sqlite", "postgres"] if args.engine == "both" else [args.engine]
    texts = release_texts()
    print(f"{len(texts)} texts of {', '.join(str(word_count(t)) for t in texts)} words", flush=True)
    for engine_name in engines:
        copy_from = args.copy_from if engine_name == "sqlite" else None
        with database(engine_name, args.scale, copy_from=copy_from, keep=args.keep) as url:
            timings = time_texts(url, texts, args.runs)
        print(report(engine_name, args.scale, timings), flush=True)


if __name__ == "__main__":
    main()
