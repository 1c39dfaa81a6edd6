"""python -m bench: generate a synthetic authority, serve it with production settings, and
measure every main page against a reference page, plus the exports.

    python -m bench --scale small --engine sqlite
    python -m bench --scale large --engine both --duration 10
    python -m bench --scale small --mixed      # pages while colleagues write
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

import httpx
from sqlalchemy import create_engine, func, select, text, update

from app.db import make_engine
from bench import load, mixed, server
from bench.generate import generate
from bench.matching import measure_matching

RESULTS = Path(__file__).resolve().parent / "results"
# Pages keep their content (app.web.cached_fragment) or their lists' counts and page ids
# (app.aggregates.kept_statement) until the data changes: the load test measures them warm, so
# the first view of each after a change is timed as well.
PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def pages(busiest: int, year: int, ours: int | None = None) -> list[tuple[str, str]]:
    """The pages measured: `busiest` is the body met most often, `ours` the authority
    itself (on our side of every meeting: the body whose lists are longest)."""
    authority = [
        ("the authority's page", f"/organisations/{ours}"),
        ("meetings with the authority", f"/meetings?organisation={ours}"),
    ]
    return [
        ("dashboard", "/"),
        (
            "organisations (filtered, sorted)",
            "/organisations?kind=company&province=punjab&sort=-province",
        ),
        ("busiest organisation", f"/organisations/{busiest}"),
        *(authority if ours is not None else []),
        ("meetings", "/meetings"),
        ("meetings (filtered)", f"/meetings?province=sindh&since={year}-01-01"),
        ("pledge register (overdue)", "/pledges?overdue=1"),
        ("actions (all, open)", "/actions?who=all"),
        ("search", "/search?q=digital"),
        ("report (a year)", f"/reports?start={year}-01-01&end={year}-12-31"),
        ("calendar", f"/calendar?month={year}-06"),
        ("API organisations", "/api/v1/organisations?per_page=50&sort=name"),
        ("API meetings", "/api/v1/meetings?per_page=50"),
        ("API pledges (overdue)", "/api/v1/pledges?overdue=true&per_page=50"),
    ]


def prepare(engine_name: str, scale: str) -> tuple[str, dict, str | None]:
    """Create the database, the schema and the data; returns (url, timings, db to drop)."""
    from alembic import command
    from alembic.config import Config

    from app.config import PROJECT_ROOT

    if engine_name == "postgres":
        name = f"engage_bench_{scale}"
        admin = create_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        url, drop = PG_SERVER.rsplit("/", 1)[0] + f"/{name}", name
    else:
        path = Path(tempfile.gettempdir()) / f"engage-bench-{scale}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        url, drop = f"sqlite:///{path}", None
    engine = make_engine(url)
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    started = time.perf_counter()
    timings = generate(engine, scale)
    timings["total"] = (0, time.perf_counter() - started)
    engine.dispose()
    server.add_bench_user(url)
    return url, timings, drop


def busiest_organisation(url: str, side: str = "counterpart") -> int:
    """The body that took part most often on `side`: the one met most often, or ("ours")
    the authority itself."""
    from app.meeting.models import Participant

    engine = make_engine(url)
    with engine.connect() as conn:
        busiest = conn.execute(
            select(Participant.organisation_id)
            .where(Participant.side == side, Participant.organisation_id.is_not(None))
            .group_by(Participant.organisation_id)
            .order_by(func.count().desc())
            .limit(1)
        ).scalar_one()
    engine.dispose()
    return busiest


def pages_of(url: str, year: int) -> list[tuple[str, str]]:
    """The pages measured on the database at `url`."""
    return pages(busiest_organisation(url), year, busiest_organisation(url, side="ours"))


def after_a_change(
    url: str, page: str, cookies: dict[str, str], times: int = 10, *, counted: bool = False
) -> dict:
    """One view after another, each just after a change to the data: what the first
    person to open the page after an edit waits while its content is built again. The
    change moves no count (a title, minutes: what is read from the tallies is kept), or
    with `counted` one that does (a status, a date: the tallies are read again)."""
    from app.generation import DataGeneration

    engine = make_engine(url)
    waits = []
    with httpx.Client(cookies=cookies, timeout=60) as client:
        client.get(page).raise_for_status()
        for _ in range(times):
            with engine.begin() as conn:
                moved = {"generation": DataGeneration.generation + 1}
                if counted:
                    moved["tally_generation"] = DataGeneration.tally_generation + 1
                conn.execute(update(DataGeneration).values(**moved))
            started = time.perf_counter()
            client.get(page).raise_for_status()
            waits.append((time.perf_counter() - started) * 1000)
    engine.dispose()
    return {"median_ms": round(statistics.median(waits), 1), "max_ms": round(max(waits), 1)}


def time_export(url: str, args: list[str]) -> dict[str, float]:
    """An export through the command line, with that process's own peak memory."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "bench.child", *args],
        env=server.env_for(url),
        check=True,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    peak_kb = int(done.stderr.rsplit("PEAK_RSS_KB=", 1)[1].split()[0])
    return {"seconds": round(seconds, 2), "peak_mb": round(peak_kb / 1024, 1)}


def each_page(
    base: str,
    cookies: dict[str, str],
    listed: list[tuple[str, str]],
    reference: load.Result,
    duration: float,
) -> dict[str, dict]:
    """Each page alone under load, with its throughput as a share of the reference page's."""
    rows = {}
    for name, path in listed:
        outcome = asyncio.run(load.drive(name, f"{base}{path}", cookies=cookies, duration=duration))
        rows[name] = load.summary(outcome)
        rows[name]["vs_reference"] = (
            round(outcome.rate / reference.rate, 2) if reference.rate else 0
        )
    return rows


def first_views(
    url: str, base: str, cookies: dict[str, str], listed: list[tuple[str, str]]
) -> dict[str, dict]:
    return {name: after_a_change(url, f"{base}{path}", cookies) for name, path in listed}


def _result_head(engine_name: str, scale: str, timings: dict) -> dict:
    """What every run reports first: where, how large, and how long generating took."""
    return {
        "engine": engine_name,
        "scale": scale,
        "generation_s": {k: round(v[1], 2) for k, v in timings.items()},
        "rows": {k: v[0] for k, v in timings.items() if k != "total"},
    }


def measure(engine_name: str, scale: str, duration: float) -> dict:
    url, timings, drop = prepare(engine_name, scale)
    year = date.today().year - 1
    result = _result_head(engine_name, scale, timings)
    with server.reference_server() as ref:
        reference = asyncio.run(load.drive("reference", f"{ref}/", duration=duration))
    result["reference"] = load.summary(reference)
    listed = pages_of(url, year)
    with server.engage_server(url) as base:
        cookies = server.sign_in(base)
        result["pages"] = each_page(base, cookies, listed, reference, duration)
        result["after_change"] = first_views(url, base, cookies, listed)
    result["matching"] = measure_matching(url)
    tmp = Path(tempfile.mkdtemp(prefix="engage-bench-"))
    result["exports"] = {
        "year as XLSX": time_export(
            url,
            [
                "report",
                "--from",
                f"{year}-01-01",
                "--to",
                f"{year}-12-31",
                "--format",
                "xlsx",
                "-o",
                str(tmp / "year.xlsx"),
            ],
        ),
        "year as PDF": time_export(
            url,
            [
                "report",
                "--from",
                f"{year}-01-01",
                "--to",
                f"{year}-12-31",
                "--format",
                "pdf",
                "-o",
                str(tmp / "year.pdf"),
            ],
        ),
        "everything as CSV": time_export(
            url,
            [
                "report",
                "--from",
                f"{date.today().year - 12}-01-01",
                "--to",
                f"{date.today().year + 1}-12-31",
                "--format",
                "csv",
                "-o",
                str(tmp / "all.zip"),
            ],
        ),
    }
    _drop(drop)
    return result


def measure_mixed(engine_name: str, scale: str, duration: float, seconds: float) -> dict:
    """The pages warm, then beside a writer at 1 and 5 edits a second and beside an
    import of 1,000 rows; the first view after a change and each page's load with the
    page cache and without it; an import of 1,000 rows on its own."""
    url, timings, drop = prepare(engine_name, scale)
    year = date.today().year - 1
    result = _result_head(engine_name, scale, timings)
    token = mixed.writer_token(url)
    tmp = Path(tempfile.mkdtemp(prefix="engage-bench-"))
    listed = pages_of(url, year)
    with server.reference_server() as ref:
        reference = asyncio.run(load.drive("reference", f"{ref}/", duration=duration))
    result["reference"] = load.summary(reference)
    with server.engage_server(url) as base:
        cookies = server.sign_in(base)
        result["pages"] = each_page(base, cookies, listed, reference, duration)
        phases = {}
        for rate in (1, 5):
            phases[f"{rate} write/s"] = asyncio.run(
                mixed.phase(url, base, cookies, token, listed, seconds=seconds, rate=rate)
            )
        burst = mixed.import_file(url, tmp, "B")
        phases[f"import of {mixed.IMPORT_ROWS:,} rows"] = asyncio.run(
            mixed.phase(url, base, cookies, token, listed, seconds=seconds, import_file=burst)
        )
        result["mixed"] = phases
        result["after_change"] = first_views(url, base, cookies, listed)
    with server.engage_server(url, page_cache="0") as base:
        cookies = server.sign_in(base)
        result["uncached"] = each_page(base, cookies, listed, reference, duration)
        result["after_change_uncached"] = first_views(url, base, cookies, listed)
    # Last, with no server running: issue 16's figure is the import's own cost.
    result["import_alone"] = mixed.import_alone(url, mixed.import_file(url, tmp, "A"))
    _drop(drop)
    return result


def _drop(drop: str | None) -> None:
    if drop:
        admin = create_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{drop}" WITH (FORCE)'))
        admin.dispose()


def measure_matching_only(engine_name: str, scale: str) -> dict:
    """The matching figure alone (no page load): minutes instead of most of an hour."""
    url, timings, drop = prepare(engine_name, scale)
    result = {"engine": engine_name, "scale": scale, "matching": measure_matching(url)}
    _drop(drop)
    return result


def print_matching(result: dict) -> None:
    for label, row in result.get("matching", {}).items():
        print(
            f"{result['engine']} · {result['scale']} · matching, {label} the stored keys: "
            f"a lookup {row['lookup_ms']} ms, "
            f"a meeting save with unknown names {row['meeting_save_ms']} ms"
        )


def print_table(result: dict) -> None:
    total = result["generation_s"]["total"]
    print(f"\n== {result['engine']} · {result['scale']} · generation {total} s ==")
    heads = ("req/s", "p50 ms", "p95 ms", "p99 ms")
    print(f"{'page':36} " + " ".join(f"{h:>8}" for h in heads) + f" {'vs ref':>7} {'errors':>6}")
    for name, row in load.rows_with_reference(result):
        print(
            f"{name:36} {row['requests_per_s']:>8} {row['p50_ms']:>8} {row['p95_ms']:>8} "
            f"{row['p99_ms']:>8} {row['vs_reference']:>7.2f} {row['errors']:>6}"
        )
    for name, row in result.get("after_change", {}).items():
        print(
            f"first view after a change: {name:26} median {row['median_ms']} ms, "
            f"slowest {row['max_ms']} ms"
        )
    print_matching(result)
    for name, row in result["exports"].items():
        print(f"export {name:29} {row['seconds']:>8} s  peak {row['peak_mb']} MB")


def print_mixed(result: dict) -> None:
    print(f"\n== {result['engine']} · {result['scale']} · pages while colleagues write ==")
    for label, figures in result["mixed"].items():
        extra = f", {figures['writes_sent']} writes sent" if "writes_sent" in figures else ""
        print(f"\n-- {label}: {figures['seconds']} s, {READERS_NOTE}{extra}")
        print(
            f"{'page':36} {'warm p95':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6}"
        )
        rows = list(figures["pages"].items())
        if "writes" in figures:
            rows.append(("writes (API, all kinds)", figures["writes"]))
            rows += [(f"  {kind}", row) for kind, row in figures["writes by kind"].items()]
        for name, row in rows:
            warm = result["pages"].get(name, {}).get("p95_ms", "")
            print(
                f"{name:36} {warm:>8} {row['p50_ms']:>8} {row['p95_ms']:>8} "
                f"{row['p99_ms']:>8} {row['errors']:>6}"
            )
        if "import" in figures:
            row = figures["import"]
            print(
                f"the import itself: {row['seconds']} s, peak {row['peak_mb']} MB "
                f"({row['outcome']})"
            )
    print(f"\n{'first view after a change':36} {'cached':>8} {'uncached':>9}  (median ms)")
    for name, row in result["after_change"].items():
        off = result["after_change_uncached"][name]
        print(f"{name:36} {row['median_ms']:>8} {off['median_ms']:>9}")
    print(
        f"\n{'page, cache off':36} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'p99 ms':>8} {'vs ref':>7}"
    )
    for name, row in result["uncached"].items():
        print(
            f"{name:36} {row['requests_per_s']:>8} {row['p50_ms']:>8} {row['p95_ms']:>8} "
            f"{row['p99_ms']:>8} {row['vs_reference']:>7.2f}"
        )
    row = result["import_alone"]
    print(
        f"\nimport of {mixed.IMPORT_ROWS:,} rows alone (engage import): {row['seconds']} s, "
        f"peak {row['peak_mb']} MB ({row['outcome']})"
    )


READERS_NOTE = f"{mixed.READERS} readers walking every page"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--scale", choices=["tiny", "small", "large"], default="small")
    parser.add_argument("--engine", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per page")
    parser.add_argument("--json", type=Path, help="where to write the figures as JSON")
    parser.add_argument(
        "--only", choices=["matching"], help="measure this figure alone, without the pages"
    )
    parser.add_argument(
        "--mixed",
        action="store_true",
        help="pages beside a writer (1 and 5 edits/s) and an import of 1,000 rows, the\n"
        "cold table with the page cache and without (ENGAGE_PAGE_CACHE=0), and the\n"
        "import alone; instead of the matching figure and the exports",
    )
    parser.add_argument(
        "--mixed-seconds", type=float, default=30.0, help="seconds of each mixed phase"
    )
    args = parser.parse_args()
    engines = ["sqlite", "postgres"] if args.engine == "both" else [args.engine]
    RESULTS.mkdir(exist_ok=True)
    path = args.json or RESULTS / f"{args.engine}-{args.scale}-{datetime.now():%Y%m%d-%H%M%S}.json"
    results = []
    for engine in engines:
        # Each engine's figures are printed and saved as soon as they exist, so a long
        # run that is interrupted keeps what it measured.
        if args.mixed:
            results.append(measure_mixed(engine, args.scale, args.duration, args.mixed_seconds))
            print_mixed(results[-1])
        elif args.only == "matching":
            results.append(measure_matching_only(engine, args.scale))
            print_matching(results[-1])
        else:
            results.append(measure(engine, args.scale, args.duration))
            print_table(results[-1])
        path.write_text(json.dumps(results, indent=2))
        print(f"\nFigures written to {path}", flush=True)


if __name__ == "__main__":
    main()
