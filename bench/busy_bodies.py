"""python -m bench.busy_bodies: the two lists of an organisation's page that grow with the
body, its timeline (newest 20 meetings) and its pledges (first 25, open and soonest due
first), each read both ways, in process, for bodies from the busiest to one met twice:
looked for among the first rows of everyone's list (app.listing.first_page_among; when
those hold too few, the page then reads the body's rows whole), and read whole and
sorted. Prints each way's median and the way the page takes.

    python -m bench.busy_bodies --scale large --engine both
    python -m bench.busy_bodies --database sqlite:////tmp/engage-bench-large.db
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select, union_all
from sqlalchemy.orm import Session

from app.commitment import queries as commitments
from app.commitment.models import Pledge
from app.db import make_engine
from app.meeting import queries as meetings
from app.meeting.models import Meeting, Participant
from app.organisation import queries as organisations

TIMES = 30


@dataclass(frozen=True)
class BodyList:
    name: str
    page: int
    rows_of_each_body: Select[Any]  # (body, how many rows it has)
    busy_from: Callable[[], int]
    read_whole: Callable[[Session, int, int], object]
    among_everyones: Callable[[Session, int, int], object | None]


def _pledge_rows() -> Select[Any]:
    sides = union_all(
        select(Pledge.maker_organisation_id.label("body")),
        select(Pledge.recipient_organisation_id).where(
            Pledge.recipient_organisation_id.is_not(None)
        ),
    ).subquery()
    return select(sides.c.body, func.count()).group_by(sides.c.body)


LISTS = [
    BodyList(
        "timeline",
        20,
        select(Participant.organisation_id, func.count())
        .where(Participant.organisation_id.is_not(None))
        .group_by(Participant.organisation_id),
        lambda: meetings.BUSY,
        organisations.timeline_read_whole,
        lambda session, body, page: meetings.among_everyones_newest(
            session, body, select(Meeting), page
        ),
    ),
    BodyList(
        "pledges",
        25,
        _pledge_rows(),
        lambda: commitments.BUSY_PLEDGES,
        lambda session, body, page: commitments.pledges_read_whole(session, [body], limit=page),
        lambda session, body, page: commitments.pledges_among_everyones_soonest(
            session, [body], page
        ),
    ),
]


def _median_ms(read: Callable[[], object]) -> float:
    waits = []
    for _ in range(TIMES):
        started = time.perf_counter()
        read()
        waits.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(waits), 2)


def _bodies(session: Session, rows_of_each_body: Select[Any]) -> list[tuple[int, int]]:
    """(body, rows) from the busiest down to the rarest, at a few points between."""
    counts = session.execute(rows_of_each_body.order_by(func.count().desc())).all()
    at = sorted({0, 1, 10, len(counts) // 10, len(counts) // 2, len(counts) - 1})
    return [(counts[i][0], counts[i][1]) for i in at if i < len(counts)]


def measure(url: str) -> None:
    engine = make_engine(url, serving=True)
    with Session(engine) as session:
        for listed in LISTS:
            print(
                f"\n== {engine.dialect.name}: {listed.name}, a page of {listed.page}, "
                f"median of {TIMES}, ms"
            )
            print(f"{'body':>6} {'rows':>8} {'read whole':>11} {'among first':>12}  page takes")
            for body, rows in _bodies(session, listed.rows_of_each_body):

                def whole(body: int = body, listed: BodyList = listed) -> object:
                    session.expunge_all()
                    return listed.read_whole(session, body, listed.page)

                def among(body: int = body, listed: BodyList = listed) -> object | None:
                    session.expunge_all()
                    return listed.among_everyones(session, body, listed.page)

                taken = "read whole"
                if rows >= listed.busy_from():
                    taken = "among first" if among() is not None else "both, in turn"
                print(
                    f"{body:>6} {rows:>8} {_median_ms(whole):>11.2f} "
                    f"{_median_ms(among):>12.2f}  {taken}"
                )
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
