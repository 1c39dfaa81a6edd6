"""Rendered pages shared by the worker processes of one server, so that after a change
each page is built once for the whole server instead of once in every worker.

Each process keeps what it has read in memory (app.aggregates); behind that, a page's
HTML is kept in a file under a folder per data stamp (the counter and the epoch, as
`<counter>-<epoch>`), named by a digest of the page's key. A process that misses in
memory reads the file; if there is none, it takes the file's lock, looks again (another
worker may have built it while it waited) and otherwise builds the page and writes it.
So after an edit, of two workers asked for the same page, one builds it and the other
waits for it, rather than both building it on the same two CPUs.

Correct as the in-memory cache is: a page filed under a stamp was built from data at
least that new (the reader took the stamp as its transaction began), and a reader only
ever reads the folder of the stamp it took. The counter never goes back, even across a
restore (app.generation.start_new_epoch), so a folder whose counter is below a new one's
can be removed; the first process to make a folder removes the older ones.

Anything the files cannot do (a full disk, a folder removed under a reader) only means
the page is built and served without being kept. Each process writes at most
`max_bytes` of pages per stamp; past that it keeps them in memory only.

`engage serve --workers N` makes the root folder (private to the server's user) and
removes it when it stops; ENGAGE_SHARED_PAGES_DIR names one instead.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

from app.generation import Stamp

MAX_BYTES = 256 * 1024 * 1024


class SharedPages:
    def __init__(self, root: Path, max_bytes: int = MAX_BYTES) -> None:
        self._root = root
        self._max_bytes = max_bytes
        self._lock = threading.Lock()
        self._counter = -1  # the newest stamp's counter this process has made a folder for
        self._written = 0  # bytes this process wrote under that stamp

    def get(self, stamp: Stamp, key: str, build: Callable[[], str]) -> str:
        """The page kept under `stamp` and `key` (a text naming it in every process), or
        what `build` returns, kept for the other processes."""
        folder = self._root / f"{stamp[1]}-{stamp[0]}"
        path = folder / hashlib.sha256(key.encode()).hexdigest()
        kept = _read(path)
        if kept is not None:
            return kept
        try:
            if not self._prepare(folder, stamp[1]):
                return build()
            lock = open(path.with_suffix(".lock"), "ab")  # noqa: SIM115 - held across the build
        except OSError:
            return build()
        with lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
            kept = _read(path)
            if kept is not None:
                return kept
            page = build()
            self._keep(path, page, stamp[1])
            return page

    def _prepare(self, folder: Path, counter: int) -> bool:
        """Make the stamp's folder, and say whether pages are kept under it: not for a
        stamp older than one this process has seen (a reader that began before a change
        builds afresh, and does not bring back the folder the change removed). The first
        time this process sees a newer stamp, it removes the folders of older ones."""
        with self._lock:
            if counter < self._counter:
                return False
            newer = counter > self._counter
            if newer:
                self._counter, self._written = counter, 0
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not newer:
            return True
        for other in self._root.iterdir():
            older = _counter_of(other.name)
            if older is not None and older < counter:
                shutil.rmtree(other, ignore_errors=True)
        return True

    def _keep(self, path: Path, page: str, counter: int) -> None:
        data = page.encode()
        with self._lock:
            if counter != self._counter or self._written + len(data) > self._max_bytes:
                return
            self._written += len(data)
        partial = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}")
        try:
            partial.write_bytes(data)
            os.replace(partial, path)  # readers see the whole page or none
        except OSError:
            partial.unlink(missing_ok=True)


def _read(path: Path) -> str | None:
    try:
        return path.read_bytes().decode()
    except OSError:  # not built yet, or its folder already removed
        return None


def _counter_of(name: str) -> int | None:
    """A stamp folder's counter; None for anything else in the root."""
    head, dash, _epoch = name.partition("-")
    return int(head) if dash and head.isdigit() else None
