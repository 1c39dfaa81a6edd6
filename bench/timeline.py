"""python -m bench.timeline: an organisation's timeline (its newest 20 meetings, as its
page shows them) read both ways, in process, for bodies from the busiest to one met
twice: looked for among everyone's newest meetings first (when they hold too few, the
page then reads the body's meetings whole), and read whole and sorted
(app.organisation.queries.meetings_with_organisation). Prints each way's median and the
way the page takes.

    python -m bench.timeline --scale large --engine both
    python -m bench.timeline --database sqlite:////tmp/engage-bench-large.db
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db import make_engine
from app.organisation import queries

TIMES = 30
PAGE = 20


def _median_ms(read: Callable[[], object]) -> float:
    waits = []
    for _ in range(TIMES):
        started = time.perf_counter()
        read()
        waits.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(waits), 2)


def _bodies(session: Session) -> list[tuple[int, int]]:
    """(body, participants) from the busiest down to the rarest, at a few points between."""
    from app.meeting.models import Participant

    counts = session.execute(
        select(Participant.organisation_id, func.count())
        .where(Participant.organisation_id.is_not(None))
        .group_by(Participant.organisation_id)
        .order_by(func.count().desc())
    ).all()
    at = sorted({0, 1, 10, len(counts) // 10, len(counts) // 2, len(counts) - 1})
    return [(counts[i][0], counts[i][1]) for i in at]


def measure(url: str) -> None:
    engine = make_engine(url, serving=True)
    print(f"\n== {engine.dialect.name}: a timeline of {PAGE}, median of {TIMES}, ms")
    print(f"{'body':>6} {'participants':>12} {'read whole':>11} {'newest first':>13}  page takes")
    with Session(engine) as session:
        for body, participants in _bodies(session):

            def read_whole(body: int = body) -> object:
                session.expunge_all()
                return queries.timeline_read_whole(session, body, PAGE)

            def among_newest(body: int = body) -> object:
                session.expunge_all()
                return queries.timeline_among_everyones_newest(session, body, PAGE)

            whole, walked = _median_ms(read_whole), _median_ms(among_newest)
            taken = "read whole"
            if participants >= queries.BUSY:
                taken = "newest first" if among_newest() is not None else "both, in turn"
            print(f"{body:>6} {participants:>12} {whole:>11.2f} {walked:>13.2f}  {taken}")
    engine.dispose()


def main() -> None:
    from bench.__main__ import _drop, prepare

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", choices=["tiny", "small", "large"], default="large")
    parser.add_argument("--engine", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--database", help="a database already prepared by the bench")
    args = parser.parse_args()
    if args.database:
        measure(args.database)
        return
    for engine in ["sqlite", "postgres"] if args.engine == "both" else [args.engine]:
        url, _timings, drop = prepare(engine, args.scale)
        try:
            measure(url)
        finally:
            _drop(drop)


if __name__ == "__main__":
    main()
