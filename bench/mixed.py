"""Pages while colleagues write (python -m bench --mixed): readers walk every main page
while a writer saves real edits through the JSON API at a set rate, and while an import
of 1,000 rows runs; the first view after a change with the page cache and without it
(ENGAGE_PAGE_CACHE=0), and each page's throughput uncached; an import of 1,000 rows
timed on its own (issue 16's figure).

The writer saves three kinds of edit in turn, with If-Match, as another system would
(Editor): a meeting renamed, a pledge's status, an action's due date. Each edit moves the
data generation, so every worker's kept pages are built again by the next reader, and
two in three move a count, so the kept figures are read again too. Writes are sent on a
clock (open loop), not one after the other, so a slow write does not slow the rate it is
measured at.
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import itertools
import random
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select

from app.db import make_engine
from bench import load, server
from bench.client import STAGGER, Reader
from bench.generate import FAMILY, GIVEN

READERS = 8
IMPORT_ROWS = 1000
EDITED = 50


@dataclass
class Observed:
    """Latencies by what was asked (a page's name, or "writes"), and what failed."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))

    def note(self, name: str, started: float, status: int, ok: tuple[int, ...] = (200,)) -> None:
        self.latencies[name].append((time.perf_counter() - started) * 1000)
        if status not in ok:
            self.errors[name].append(status)

    def summary(self, name: str, seconds: float) -> dict[str, float]:
        result = load.Result(
            name,
            len(self.latencies[name]),
            len(self.errors[name]),
            seconds,
            self.latencies[name],
        )
        return load.summary(result)


async def _reader(
    base: str,
    cookies: dict[str, str],
    pages: list[tuple[str, str]],
    start: int,
    done: asyncio.Event,
    seen: Observed,
) -> None:
    # Each reader walks every page in turn, from its own starting page, so at any moment
    # the readers are on different pages, as an office's staff are.
    walk = itertools.islice(itertools.cycle(pages), start, None)
    await asyncio.sleep(start * STAGGER)  # connections opened one after another
    async with Reader(base, cookies) as reader:
        for name, path in walk:
            if done.is_set():
                return
            started = time.perf_counter()
            status, _ = await reader.get(path)
            seen.note(name, started, status)


class Editor:
    """Real edits through the API, as colleagues make them, each with the ETag it last saw.
    The mixed load's writer takes KINDS in turn: a meeting renamed (moves no count), a
    pledge moved between open and in progress (moves the status counts), an action's due
    date moved across today (moves the overdue counts). `python -m bench.writes` times
    EVERY_KIND, which adds the rarer saves that move more: a meeting's date moved to
    another month, a meeting archived and restored, a body's kind changed. Each kind goes
    round its first EDITED records, so a long run edits the same records again, as an
    office does."""

    KINDS = ("meeting renamed", "pledge status", "action due date")
    EVERY_KIND = (
        *KINDS,
        "meeting date moved",
        "meeting archived",
        "meeting restored",
        "organisation kind",
    )
    RESOURCE = {
        "pledge status": "pledges",
        "action due date": "action-items",
        "organisation kind": "organisations",
    }

    def __init__(self, client: httpx.AsyncClient, base: str) -> None:
        self.client, self.base = client, base
        self.records: dict[str, list[dict[str, Any]]] = {}
        self.etags: dict[tuple[str, int], str] = {}

    async def _first(self, resource: str, **params: str | int) -> list[dict[str, Any]]:
        listed = await self.client.get(
            f"{self.base}/api/v1/{resource}", params={"per_page": EDITED, **params}
        )
        listed.raise_for_status()
        items: list[dict[str, Any]] = listed.json()["items"]
        for item in items:
            one = await self.client.get(f"{self.base}/api/v1/{resource}/{item['id']}")
            one.raise_for_status()
            self.etags[resource, item["id"]] = one.headers["etag"]
        assert items, f"no {resource} to edit"
        return items

    async def prepare(self, *, every_kind: bool = False) -> None:
        self.records["meetings"] = await self._first("meetings")
        self.records["pledges"] = await self._first("pledges", status="open")
        self.records["action-items"] = await self._first("action-items", status="open")
        if every_kind:
            self.records["organisations"] = await self._first("organisations")
            self.records["dated meetings"] = [m for m in self.records["meetings"] if m["date"]]

    def _request(self, kind: str, n: int) -> tuple[str, dict[str, Any] | None, str, int]:
        """The method, body, path and record of the `n`th edit of this kind."""
        resource = self.RESOURCE.get(kind, "meetings")
        records = self.records["dated meetings" if kind == "meeting date moved" else resource]
        record = records[n % len(records)]
        path = f"{resource}/{record['id']}"
        body: dict[str, Any] | None
        if kind == "meeting renamed":
            body = {"title": f"{record['title'][:150]} (edit {n})"}
        elif kind == "meeting date moved":
            # Forth on even rounds and back on odd ones: always into another month.
            days = 45 if n // len(records) % 2 == 0 else -45
            moved = dt.date.fromisoformat(record["date"]) + dt.timedelta(days)
            record["date"] = moved.isoformat()
            body = {"date": record["date"]}
        elif kind in ("meeting archived", "meeting restored"):
            action = "archive" if kind == "meeting archived" else "restore"
            return "POST", None, f"{path}/{action}", record["id"]
        elif kind == "pledge status":
            record["status"] = "in_progress" if record["status"] == "open" else "open"
            body = {"status": record["status"], "note": "bench writer"}
            return "POST", body, f"{path}/status", record["id"]
        elif kind == "organisation kind":
            was = record.setdefault("first kind", record["kind"])
            other = "academia" if was != "academia" else "company"
            record["kind"] = other if record["kind"] == was else was
            body = {"kind": record["kind"]}
        else:
            today = dt.date.today()
            was = record["due_date"]
            overdue = was is not None and dt.date.fromisoformat(was) < today
            record["due_date"] = (today + dt.timedelta(days=30 if overdue else -30)).isoformat()
            body = {"due_date": record["due_date"]}
        return "PATCH", body, path, record["id"]

    async def edit(self, n: int, seen: Observed) -> None:
        """The mixed load's `n`th edit: KINDS in turn."""
        kind = self.KINDS[n % len(self.KINDS)]
        await self.save(kind, n // len(self.KINDS), seen)

    async def save(self, kind: str, n: int, seen: Observed | None) -> None:
        """The `n`th edit of `kind`, noted in `seen` (none: not measured)."""
        method, body, path, record_id = self._request(kind, n)
        resource = path.split("/")[0]
        started = time.perf_counter()
        response = await self.client.request(
            method,
            f"{self.base}/api/v1/{path}",
            json=body,
            headers={"If-Match": self.etags[resource, record_id]},
        )
        if seen is not None:
            seen.note("writes", started, response.status_code)
            seen.note(f"writes: {kind}", started, response.status_code)
        if "etag" in response.headers:
            self.etags[resource, record_id] = response.headers["etag"]


async def _writer(editor: Editor, rate: float, done: asyncio.Event, seen: Observed) -> int:
    began = time.perf_counter()
    sent: list[asyncio.Task[None]] = []
    for n in itertools.count():
        wait = began + n / rate - time.perf_counter()
        if wait > 0:
            try:
                await asyncio.wait_for(done.wait(), wait)
            except TimeoutError:
                pass
        if done.is_set():
            break
        sent.append(asyncio.create_task(editor.edit(n, seen)))
    await asyncio.gather(*sent)
    return len(sent)


async def _run_import(url: str, path: Path) -> dict[str, float | str]:
    started = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.child",
        "import",
        str(path),
        env=server.env_for(url),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate()
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"engage import failed: {err.decode()[-2000:]}")
    return _import_figures(seconds, out.decode(), err.decode())


def _import_figures(seconds: float, out: str, err: str) -> dict[str, float | str]:
    peak_kb = int(err.rsplit("PEAK_RSS_KB=", 1)[1].split()[0])
    return {
        "seconds": round(seconds, 2),
        "peak_mb": round(peak_kb / 1024, 1),
        "outcome": out.strip().splitlines()[-1],
    }


async def phase(
    url: str,
    base: str,
    cookies: dict[str, str],
    token: str,
    pages: list[tuple[str, str]],
    *,
    seconds: float,
    rate: float | None = None,
    import_file: Path | None = None,
) -> dict:
    """Readers on every page for `seconds`, beside a writer at `rate` edits a second or an
    import of `import_file` (readers then go on until the import has finished)."""
    seen = Observed()
    done = asyncio.Event()
    auth = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(headers=auth, timeout=60) as writers:
        editor = Editor(writers, base)
        if rate:
            await editor.prepare()
        began = time.perf_counter()
        reading = [
            asyncio.create_task(_reader(base, cookies, pages, n, done, seen))
            for n in range(READERS)
        ]
        figures: dict = {}
        if rate:
            writing = asyncio.create_task(_writer(editor, rate, done, seen))
            await asyncio.sleep(seconds)
            done.set()
            figures["writes_sent"] = await writing
        else:
            assert import_file is not None
            importing = asyncio.create_task(_run_import(url, import_file))
            await asyncio.sleep(seconds)
            figures["import"] = await importing
            done.set()
        await asyncio.gather(*reading)
        spent = time.perf_counter() - began
    figures["seconds"] = round(spent, 1)
    figures["pages"] = {name: seen.summary(name, spent) for name, _ in pages}
    if rate:
        figures["writes"] = seen.summary("writes", spent)
        figures["writes by kind"] = {
            kind: seen.summary(f"writes: {kind}", spent) for kind in Editor.KINDS
        }
    return figures


SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
TRADES = ["Textiles", "Foods", "Logistics", "Pharma", "Ceramics", "Robotics", "Leather"]


def _made_up_name(rng: random.Random) -> str:
    # Invented words, unlike the generator's and unlike each other, so that an import's
    # new organisations are created, not taken by close spelling for another file's.
    words = ("".join(rng.choices(SYLLABLES, k=3)).capitalize() for _ in range(2))
    return f"{' '.join(words)} {rng.choice(TRADES)}"


def import_file(url: str, directory: Path, tag: str, rows: int = IMPORT_ROWS) -> Path:
    """A CSV of `rows` people, each new, half at organisations the authority already has
    (by their exact names), half at new ones (five people each), with their titles."""
    from app.organisation.models import Organisation

    engine = make_engine(url)
    with engine.connect() as conn:
        known = list(conn.scalars(select(Organisation.name).order_by(Organisation.id).limit(500)))
    engine.dispose()
    path = directory / f"import-{tag}.csv"
    rng = random.Random(tag)
    organisation = ""  # named at the first row of each new organisation's five
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["organisation", "kind", "province", "city", "full_name", "title"])
        for n in range(rows):
            person = f"{GIVEN[n % len(GIVEN)]} {FAMILY[n // len(GIVEN) % len(FAMILY)]} {tag}{n}"
            if n % 2 == 0 and known:
                writer.writerow([known[n // 2 % len(known)], "", "", "", person, "Director"])
            else:
                if n % 10 == 1:
                    organisation = _made_up_name(rng)
                writer.writerow([organisation, "company", "punjab", "Lahore", person, "Manager"])
    return path


def import_alone(url: str, path: Path) -> dict[str, float | str]:
    """Issue 16's figure: `engage import` of the file in its own process, nothing else
    running, with that process's peak memory."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "bench.child", "import", str(path)],
        env=server.env_for(url),
        check=True,
        capture_output=True,
        text=True,
    )
    return _import_figures(time.perf_counter() - started, done.stdout, done.stderr)


def writer_token(url: str) -> str:
    created = server.engage(url, "token", "create", server.EMAIL, "--name", "bench writer")
    return created.strip().splitlines()[-1]
