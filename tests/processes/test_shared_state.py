"""What must hold across processes and machines, on real servers: two `engage serve`
processes on one database, one of them with `--workers 2`, and no ENGAGE_SECRET_KEY.
Staff signed in through one stay signed in on every process; a change made through one,
through raw SQL by another program, or by `engage restore` while they run, shows at once
on every process (no page kept from before). The workers of one server share rendered
pages in a folder of their own, and a form on a page one worker built works when another
serves it."""

from __future__ import annotations

import hashlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from sqlalchemy import Engine, select, text

from app.db import make_engine
from app.organisation.models import Organisation
from app.secret_key import InstanceSecret
from tests.conftest import PASSWORD
from tests.databases import throwaway_database

EMAIL = "amna@stza.gov.pk"
START_SECONDS = 60


def no_secret_env(url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "ENGAGE_SECRET_KEY"}
    return {**env, "ENGAGE_DATABASE_URL": url}


def engage(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        env=env,
        input=stdin,
        text=True,
        check=True,
        capture_output=True,
        timeout=120,
    ).stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the server at {base} exited"
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"the server at {base} did not start in {START_SECONDS} s")


@contextmanager
def servers(env: dict[str, str], workers: list[int], logs: Path) -> Iterator[list[str]]:
    """Servers started together (so their first starts race to keep the secret), each in
    its own process group, stopped by their ids."""
    started: list[tuple[str, subprocess.Popen[bytes]]] = []
    try:
        for n, count in enumerate(workers):
            port = free_port()
            with open(logs / f"server-{n}.log", "wb") as log:
                process = subprocess.Popen(
                    [sys.executable, "-m", "app.cli", "serve", "--port", str(port)]
                    + ["--workers", str(count)],
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            started.append((f"http://127.0.0.1:{port}", process))
        for base, process in started:
            _wait_until_up(base, process)
        yield [base for base, _ in started]
    finally:
        for _, process in started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for _, process in started:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


def sign_in(base: str) -> httpx.Cookies:
    with httpx.Client(base_url=base, timeout=10) as browser:
        form = browser.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
        done = browser.post(
            "/login", data={"csrf_token": token, "email": EMAIL, "password": PASSWORD, "next": "/"}
        )
        assert done.status_code == 303, done.text[:500]
        assert done.headers["location"] == "/"
        return browser.cookies


def view(base: str, path: str, cookies: httpx.Cookies) -> httpx.Response:
    """A page, over a connection of its own, so that requests spread over a server's
    worker processes (a kept-alive connection stays with one)."""
    response = httpx.get(
        f"{base}{path}", cookies=cookies, headers={"Connection": "close"}, timeout=10
    )
    assert response.status_code == 200, (base, path, response.status_code, response.headers)
    return response


def everywhere(bases: list[str], path: str, cookies: httpx.Cookies, times: int = 6) -> list[str]:
    return [view(base, path, cookies).text for _ in range(times) for base in bases]


def content(page: str) -> str:
    """A page's main content, what the cache keeps (the title is rendered every time)."""
    return page.split('<main id="content"', 1)[1].split("</main>", 1)[0]


def showing(name: str, pages: list[str]) -> bool:
    return any(name in content(page) for page in pages)


def all_showing(name: str, pages: list[str]) -> bool:
    return all(name in content(page) for page in pages)


def generation(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.scalar(text("SELECT generation FROM data_generation"))


def form_tokens(page: str) -> set[str]:
    return set(re.findall(r'name="csrf_token" value="([^"]*)"', content(page)))


def shared_folders(tmp: Path) -> list[Path]:
    return list(tmp.glob("engage-pages-*"))


def rename(api: str, token: str, organisation_id: int, name: str) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    path = f"{api}/api/v1/organisations/{organisation_id}"
    current = httpx.get(path, headers=headers, timeout=10)
    assert current.status_code == 200, (current.status_code, current.text[:300])
    changed = httpx.patch(
        path,
        json={"name": name},
        headers={**headers, "If-Match": current.headers["ETag"]},
        timeout=10,
    )
    assert changed.status_code == 200, changed.text


def test_servers_share_the_secret_and_never_serve_pages_from_before(tmp_path: Path):
    with throwaway_database("processes") as url:
        env = no_secret_env(url)
        engage(env, "db", "upgrade")
        engage(env, "seed")
        engage(
            env, "user", "add", EMAIL, "--name", "Amna Siddiqui", "--role", "editor",
            "--password-stdin", stdin=PASSWORD + "\n",
        )  # fmt: skip
        token = engage(env, "token", "create", EMAIL, "--name", "tests").strip().splitlines()[-1]
        engine = make_engine(url)
        with engine.connect() as conn:
            pasha = conn.scalar(select(Organisation.id).where(Organisation.acronym == "PASHA"))
            other = conn.scalar(select(Organisation.id).where(Organisation.id != pasha).limit(1))
        org_page = f"/organisations/{pasha}"

        temporary = tmp_path / "tmp"  # where `engage serve` makes its workers' folder
        temporary.mkdir()
        with servers({**env, "TMPDIR": str(temporary)}, [1, 2], tmp_path) as (one, two):
            # Signed in through one server, staff stay signed in on every process.
            cookies = sign_in(one)
            for path in ("/", "/organisations", org_page, "/meetings"):
                everywhere([one, two], path, cookies)

            # The server with two workers shares its pages in one folder (the other has
            # none), and the form on a page that one worker built carries the session's
            # own token whichever worker serves it.
            [folder] = shared_folders(temporary)
            assert list(folder.glob("*/*[0-9a-f]")), "no page was shared"
            [form_token] = form_tokens(view(two, "/organisations/new", cookies).text)
            for page in everywhere([two], org_page, cookies):
                assert form_tokens(page) == {form_token}

            # A change through one server shows at once on both.
            assert not showing("Renamed through one", everywhere([one, two], org_page, cookies))
            rename(one, token, pasha, "Renamed through one")
            pages = everywhere([one, two], org_page, cookies)
            assert all_showing("Renamed through one", pages)

            # So does one that another program makes with SQL of its own.
            with engine.begin() as conn:
                conn.execute(
                    text("UPDATE organisation SET name = 'Renamed by SQL' WHERE id = :id"),
                    {"id": pasha},
                )
            pages = everywhere([one, two], org_page, cookies)
            assert all_showing("Renamed by SQL", pages)

            # A backup, a change after it, and the backup restored while both servers run:
            # every process shows the restored data, and staff are still signed in. Then
            # as many changes elsewhere as the counter could have gone back by: it must not
            # arrive at a count under which a process kept pages from before the restore.
            engage(env, "backup", str(tmp_path / "engage.backup"))
            rename(two, token, pasha, "Changed after the backup")
            pages = everywhere([one, two], org_page, cookies)
            assert all_showing("Changed after the backup", pages)
            before = generation(engine)
            engage(env, "restore", str(tmp_path / "engage.backup"), "--yes")
            pages = everywhere([one, two], org_page, cookies)
            assert all_showing("Renamed by SQL", pages)
            assert not showing("Changed after the backup", pages)
            for n in range(max(1, before - generation(engine))):
                rename(one, token, other, f"Another organisation {n}")
            pages = everywhere([one, two], org_page, cookies)
            assert all_showing("Renamed by SQL", pages)
            assert not showing("Changed after the backup", pages)
            everywhere([one, two], "/", cookies)

            # The archive form on the shared page, sent as the browser would.
            page = view(two, org_page, cookies).text
            action = re.search(r'<form method="post" action="([^"]+/archive)"', page).group(1)
            assert action.startswith(two), action  # the page's own address for the form
            archived = httpx.post(
                action,
                data={"csrf_token": form_token},
                cookies=cookies,
                headers={"Connection": "close"},
                timeout=10,
            )
            assert archived.status_code == 303, archived.text[:500]
            assert all(
                "archived" in content(page).lower() for page in everywhere([two], org_page, cookies)
            )
        assert not shared_folders(temporary), "the server left its shared pages behind"

        # The secret every process used is the install's, in the database, and was never
        # printed.
        with engine.connect() as conn:
            secret = conn.scalar(select(InstanceSecret.value))
        engine.dispose()
        assert secret
        assert len(secret) >= 32
        for log in tmp_path.glob("server-*.log"):
            assert secret not in log.read_text(errors="replace")


RACE = """
import hashlib, os, sys, time
import app.models
from app.db import make_engine, make_session_factory
from app.secret_key import shared_secret
factory = make_session_factory(make_engine(sys.argv[1]))
print("ready", flush=True)
while not os.path.exists(sys.argv[2]):
    time.sleep(0.001)
print(hashlib.sha256(shared_secret(factory).encode()).hexdigest())
"""


def test_processes_starting_together_keep_one_secret(tmp_path: Path):
    go = tmp_path / "go"
    with throwaway_database("secret_race") as url:
        env = no_secret_env(url)
        engage(env, "db", "upgrade")
        racers = [
            subprocess.Popen(
                [sys.executable, "-c", RACE, url, str(go)],
                env=env,
                stdout=subprocess.PIPE,
                text=True,
            )
            for _ in range(4)
        ]
        try:
            for racer in racers:  # every one imported, connected, and waiting
                assert racer.stdout.readline().strip() == "ready"
            go.touch()
            digests = {racer.communicate(timeout=60)[0].strip() for racer in racers}
        finally:
            for racer in racers:
                if racer.poll() is None:
                    racer.kill()
        assert [racer.returncode for racer in racers] == [0, 0, 0, 0]
        engine = make_engine(url)
        with engine.connect() as conn:
            kept = conn.scalars(select(InstanceSecret.value)).all()
        engine.dispose()
        assert len(kept) == 1
        assert digests == {hashlib.sha256(kept[0].encode()).hexdigest()}
