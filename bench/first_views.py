"""python -m bench.first_views: the first view of every bench page after a change, on
this checkout and on others, taking turns on one database, so that a before and after
compare on a machine whose speed drifts from minute to minute.

    python -m bench.first_views --scale large --engine both --rounds 3 --checkout ../before
    python -m bench.first_views --scale large --beside-writes 1 --seconds 20 --checkout ../before

Each round starts each checkout's `engage serve --workers 2` (another checkout runs from
its own .venv; its code must read this checkout's schema) and times each page 10 times,
each time just after a change to the data (the median is kept): a change that moves no
count, then one that does (see bench.__main__.after_a_change). Prints each page's
median over the rounds per checkout, and every round's figure beside it. The checkouts
take turns in one order, then the other (use an even number of rounds).

With --beside-writes RATE, each round then runs the mixed phase of `python -m bench
--mixed` on the same server (readers on every page while a writer saves RATE edits a
second for --seconds) and prints each page's p95 and p99 the same way.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
from datetime import date
from pathlib import Path

from bench import mixed, server
from bench.__main__ import _drop, after_a_change, pages_of, prepare

# A round's figures: by what was measured ("first view", "p95 beside 1 write/s"...), by page.
Figures = dict[str, dict[str, float]]


def one_round(
    url: str,
    checkout: Path | None,
    listed: list[tuple[str, str]],
    rate: float | None,
    seconds: float,
) -> Figures:
    with server.engage_server(url, checkout=checkout) as base:
        cookies = server.sign_in(base)
        figures = {
            f"first view after a change{moving}, median ms": {
                name: after_a_change(url, base + path, cookies, counted=counted)["median_ms"]
                for name, path in listed
            }
            for counted, moving in ((False, ""), (True, " that moves a count"))
        }
        if rate:
            token = mixed.writer_token(url)
            phase = asyncio.run(
                mixed.phase(url, base, cookies, token, listed, seconds=seconds, rate=rate)
            )
            for figure in ("p95_ms", "p99_ms"):
                heading = f"{figure[:3]} ms beside {rate:g} write/s"
                figures[heading] = {name: row[figure] for name, row in phase["pages"].items()}
                figures[heading]["(the writes)"] = phase["writes"][figure]
                for kind, row in phase["writes by kind"].items():
                    figures[heading][f"(writes: {kind})"] = row[figure]
        return figures


def measure(
    engine: str,
    scale: str,
    rounds: int,
    checkouts: list[Path | None],
    rate: float | None = None,
    seconds: float = 20.0,
) -> None:
    url, _timings, drop = prepare(engine, scale)
    try:
        listed = pages_of(url, date.today().year - 1)
        seen: dict[Path | None, list[Figures]] = {c: [] for c in checkouts}
        for n in range(rounds):
            # Each round in the other order: the machine slows as it stays busy, and the
            # checkout measured second would otherwise always be measured slower.
            for checkout in checkouts if n % 2 == 0 else checkouts[::-1]:
                seen[checkout].append(one_round(url, checkout, listed, rate, seconds))
    finally:
        _drop(drop)
    names = [str(c or "this checkout") for c in checkouts]
    for heading, by_page in seen[checkouts[0]][0].items():
        print(f"\n== {engine} · {scale} · {heading}, median of {rounds} rounds (each round)")
        print(f"{'page':34s} " + " ".join(f"{n[-24:]:>26s}" for n in names))
        for page in by_page:
            cells = []
            for checkout in checkouts:
                each = [r[heading][page] for r in seen[checkout]]
                middle = statistics.median(each)
                cells.append(f"{middle:6.1f} ({', '.join(f'{v:.0f}' for v in each)})")
            print(f"{page:34s} " + " ".join(f"{c:>26s}" for c in cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", choices=["tiny", "small", "large"], default="small")
    parser.add_argument("--engine", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--checkout", type=Path, action="append", default=[], help="another checkout to compare"
    )
    parser.add_argument(
        "--beside-writes", type=float, metavar="RATE", help="also readers beside RATE edits/s"
    )
    parser.add_argument("--seconds", type=float, default=20.0, help="seconds of that phase")
    args = parser.parse_args()
    checkouts: list[Path | None] = [*(c.resolve() for c in args.checkout), None]
    for engine in ["sqlite", "postgres"] if args.engine == "both" else [args.engine]:
        measure(engine, args.scale, args.rounds, checkouts, args.beside_writes, args.seconds)


if __name__ == "__main__":
    main()
