"""python -m bench.first_views: the first view of every bench page after a change, on
this checkout and on others, taking turns on one database, so that a before and after
compare on a machine whose speed drifts from minute to minute.

    python -m bench.first_views --scale large --engine both --rounds 3 --checkout ../before

Each round starts each checkout's `engage serve --workers 2` (another checkout runs from
its own .venv; its code must read this checkout's schema) and times each page 10 times,
each time just after a change to the data (the median is kept). Prints each page's
median over the rounds per checkout, and every round's figure beside it.
"""

from __future__ import annotations

import argparse
import statistics
from datetime import date
from pathlib import Path

from bench import server
from bench.__main__ import _drop, after_a_change, busiest_organisation, pages, prepare


def one_round(url: str, checkout: Path | None, listed: list[tuple[str, str]]) -> dict[str, float]:
    with server.engage_server(url, checkout=checkout) as base:
        cookies = server.sign_in(base)
        return {
            name: after_a_change(url, base + path, cookies)["median_ms"] for name, path in listed
        }


def measure(engine: str, scale: str, rounds: int, checkouts: list[Path | None]) -> None:
    url, _timings, drop = prepare(engine, scale)
    try:
        listed = pages(busiest_organisation(url), date.today().year - 1)
        seen: dict[Path | None, list[dict[str, float]]] = {c: [] for c in checkouts}
        for _ in range(rounds):
            for checkout in checkouts:
                seen[checkout].append(one_round(url, checkout, listed))
    finally:
        _drop(drop)
    names = [str(c or "this checkout") for c in checkouts]
    print(f"\n== {engine} · {scale} · first view after a change, median ms over {rounds} rounds")
    print(f"{'page':34s} " + " ".join(f"{n[-20:]:>22s}" for n in names))
    for page, _path in listed:
        cells = []
        for checkout in checkouts:
            each = [r[page] for r in seen[checkout]]
            cells.append(f"{statistics.median(each):6.1f} ({', '.join(f'{v:.0f}' for v in each)})")
        print(f"{page:34s} " + " ".join(f"{c:>22s}" for c in cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", choices=["tiny", "small", "large"], default="small")
    parser.add_argument("--engine", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--checkout", type=Path, action="append", default=[], help="another checkout to compare"
    )
    args = parser.parse_args()
    checkouts: list[Path | None] = [*(c.resolve() for c in args.checkout), None]
    for engine in ["sqlite", "postgres"] if args.engine == "both" else [args.engine]:
        measure(engine, args.scale, args.rounds, checkouts)


if __name__ == "__main__":
    main()
