"""The real server (`engage serve --workers 2`, production settings) on a throw-away
database of its own, for the tests that drive it with parallel requests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass

import httpx
import pytest

from tests.cli import engage
from tests.conftest import PASSWORD, SECRET
from tests.databases import throwaway_database

EMAIL = "load@example.org"


@dataclass
class Server:
    base: str
    url: str  # the database's
    token: str  # an editor's API token
    process: subprocess.Popen[bytes]

    def stop(self, timeout: float) -> int | None:
        """SIGTERM, as a service manager sends it; the exit code, or None if it kept running."""
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def refuses_connections(self, within: float) -> bool:
        """Whether no process (a worker left behind) still serves the port."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            try:
                httpx.get(f"{self.base}/healthz", timeout=2)
            except httpx.ConnectError:
                return True
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        return False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_server() -> Iterator[Server]:
    with throwaway_database("load") as url:
        engage(url, "db", "upgrade")
        engage(url, "user", "add", EMAIL, "--name", "Load", "--role", "editor",
               "--password-stdin", input=PASSWORD + "\n")  # fmt: skip
        token = engage(url, "token", "create", EMAIL, "--name", "load").stdout.split()[-1]
        port = _free_port()
        env = {**os.environ, "ENGAGE_DATABASE_URL": url, "ENGAGE_SECRET_KEY": SECRET}
        process = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--workers", "2"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, so that no worker outlives it
        )
        server = Server(f"http://127.0.0.1:{port}", url, token, process)
        try:
            _wait_until_up(server)
            yield server
        finally:
            if process.poll() is None:
                server.stop(timeout=30)
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)  # whatever is left of the group
            process.wait(timeout=30)


def _wait_until_up(server: Server) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{server.base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError("the server did not start")


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with running_server() as running:
        yield running
