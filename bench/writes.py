"""python -m bench.writes: what each kind of save costs on its own, through the JSON API
of `engage serve --workers 2` on a generated authority, one save after another with no
one reading, so the figure is the save's own work: the record, its history, the kept
tallies and dates it moves, and the commit.

    python -m bench.writes --scale large --engine both
    python -m bench.writes --scale small --engine sqlite --times 20

Every kind of bench.mixed.Editor.EVERY_KIND is saved `--times` times, each time on the
next of its records (the meetings archived are the ones restored after), after a few
saves of that kind left out of the figures, so each worker has compiled its statements.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from pathlib import Path

import httpx

from bench import mixed, server
from bench.__main__ import RESULTS, _drop, prepare

WARM = 3


async def each_kind(base: str, token: str, times: int) -> dict[str, dict[str, float]]:
    """p50, p95, p99 and errors of `times` saves of every kind, by kind."""
    seen = mixed.Observed()
    async with httpx.AsyncClient(
        headers={"Authorization": f"Bearer {token}"}, timeout=60
    ) as client:
        editor = mixed.Editor(client, base)
        await editor.prepare(every_kind=True)
        began = time.perf_counter()
        for kind in editor.EVERY_KIND:
            for n in range(WARM + times):
                await editor.save(kind, n, seen if n >= WARM else None)
        spent = time.perf_counter() - began
    return {kind: seen.summary(f"writes: {kind}", spent) for kind in editor.EVERY_KIND}


def measure(engine_name: str, scale: str, times: int) -> dict:
    url, _timings, drop = prepare(engine_name, scale)
    try:
        token = mixed.writer_token(url)
        with server.engage_server(url) as base:
            kinds = asyncio.run(each_kind(base, token, times))
    finally:
        _drop(drop)
    return {"engine": engine_name, "scale": scale, "times": times, "kinds": kinds}


def print_kinds(result: dict) -> None:
    print(
        f"\nsingle saves: {result['engine']} at {result['scale']}, {result['times']} of each "
        f"kind, one after another ({WARM} before them not counted)"
    )
    print(f"{'kind':24} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for kind, row in result["kinds"].items():
        print(
            f"{kind:24} {row['p50_ms']:>8} {row['p95_ms']:>8} {row['p99_ms']:>8} {row['errors']:>7}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=["tiny", "small", "large"], default="large")
    parser.add_argument("--engine", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--times",
        type=int,
        default=30,
        choices=range(1, mixed.EDITED - WARM + 1),
        metavar=f"1..{mixed.EDITED - WARM}",
        help="saves of each kind measured (each on a record of its own)",
    )
    parser.add_argument("--json", type=Path, help="where to write the figures as JSON")
    args = parser.parse_args()
    engines = ["sqlite", "postgres"] if args.engine == "both" else [args.engine]
    results = []
    for engine_name in engines:
        result = measure(engine_name, args.scale, args.times)
        print_kinds(result)
        results.append(result)
    RESULTS.mkdir(exist_ok=True)
    out = args.json or RESULTS / f"writes-{args.scale}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(results, indent=2))
    print(f"\nfigures written to {out}")


if __name__ == "__main__":
    main()
