"""Pages shared by a server's workers (app.shared_pages): built once per change for the
whole server, never served under another stamp, and never in the way of serving a page.
Two SharedPages on one folder stand for two worker processes; the real server's are in
tests/processes/test_shared_state.py."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from app.shared_pages import SharedPages

STAMP = ("epoch-a", 7)


def builder(text: str, built: list[str], pause: float = 0.0):
    def build() -> str:
        time.sleep(pause)
        built.append(text)
        return text

    return build


def test_a_page_built_by_one_worker_is_served_by_the_other(tmp_path: Path):
    one, two = SharedPages(tmp_path), SharedPages(tmp_path)
    built: list[str] = []
    assert one.get(STAMP, "dashboard", builder("<p>Figures, 7</p>", built)) == "<p>Figures, 7</p>"
    assert two.get(STAMP, "dashboard", builder("<p>not built</p>", built)) == "<p>Figures, 7</p>"
    assert built == ["<p>Figures, 7</p>"]
    # another page, or the same page under another stamp, is built afresh
    assert two.get(STAMP, "report", builder("<p>Report</p>", built)) == "<p>Report</p>"
    assert two.get(("epoch-a", 8), "dashboard", builder("<p>8</p>", built)) == "<p>8</p>"
    assert built == ["<p>Figures, 7</p>", "<p>Report</p>", "<p>8</p>"]


def test_after_a_change_the_older_stamps_pages_are_removed(tmp_path: Path):
    one, two = SharedPages(tmp_path), SharedPages(tmp_path)
    built: list[str] = []
    one.get(("epoch-a", 7), "dashboard", builder("seven", built))
    (tmp_path / "notes.txt").write_text("not a stamp's folder")
    two.get(("epoch-b", 9), "dashboard", builder("nine", built))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["9-epoch-b", "notes.txt"]
    # a reader that began before the change builds its page afresh, never an older one's
    assert one.get(("epoch-a", 7), "dashboard", builder("seven again", built)) == "seven again"
    assert built == ["seven", "nine", "seven again"]
    # and its folder does not remove the newer one
    assert (tmp_path / "9-epoch-b").is_dir()
    assert two.get(("epoch-b", 9), "dashboard", builder("not built", built)) == "nine"


def test_workers_asking_together_build_the_page_once(tmp_path: Path):
    workers = [SharedPages(tmp_path), SharedPages(tmp_path)]
    built: list[str] = []
    served: list[str] = []

    def ask(pages: SharedPages) -> None:
        served.append(pages.get(STAMP, "report", builder("<p>Report</p>", built, pause=0.2)))

    threads = [threading.Thread(target=ask, args=(workers[n % 2],)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert served == ["<p>Report</p>"] * 4
    assert built == ["<p>Report</p>"]


def test_a_folder_it_cannot_use_only_means_the_page_is_built(tmp_path: Path):
    root = tmp_path / "gone"
    root.write_text("a file where the folder should be")
    built: list[str] = []
    pages = SharedPages(root)
    assert pages.get(STAMP, "dashboard", builder("<p>Built</p>", built)) == "<p>Built</p>"
    assert pages.get(STAMP, "dashboard", builder("<p>Built</p>", built)) == "<p>Built</p>"
    assert built == ["<p>Built</p>", "<p>Built</p>"]


def test_each_worker_writes_at_most_its_budget_per_stamp(tmp_path: Path):
    pages = SharedPages(tmp_path, max_bytes=10)
    built: list[str] = []
    pages.get(STAMP, "small", builder("123456", built))
    pages.get(STAMP, "too much", builder("7890123", built))
    pages.get(STAMP, "too much", builder("7890123", built))
    assert built == ["123456", "7890123", "7890123"]
    assert pages.get(STAMP, "small", builder("not built", built)) == "123456"
    # a new stamp starts a new budget
    assert pages.get(("epoch-a", 8), "too much", builder("7890123", built)) == "7890123"
    assert pages.get(("epoch-a", 8), "too much", builder("not built", built)) == "7890123"


def test_a_reader_older_than_what_its_worker_has_seen_builds_without_files(tmp_path: Path):
    pages = SharedPages(tmp_path)
    built: list[str] = []
    pages.get(("epoch-a", 7), "dashboard", builder("seven", built))
    pages.get(("epoch-a", 8), "dashboard", builder("eight", built))
    assert pages.get(("epoch-a", 7), "dashboard", builder("seven again", built)) == "seven again"
    assert [p.name for p in tmp_path.iterdir()] == ["8-epoch-a"]
    assert built == ["seven", "eight", "seven again"]
