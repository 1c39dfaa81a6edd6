"""Starting the real server (production settings, 2 workers) and the reference page."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

SECRET = "bench-secret-key-0123456789abcdef"
# Not the account's name or address: the sign-up rules refuse those as passwords.
PASSWORD = "quiet margalla ledger 2026"
EMAIL = "bench@engage.local"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def env_for(url: str, **settings: str) -> dict[str, str]:
    """The environment of an `engage` process on `url`, with more ENGAGE_ settings."""
    more = {f"ENGAGE_{name.upper()}": value for name, value in settings.items()}
    return {**os.environ, "ENGAGE_DATABASE_URL": url, "ENGAGE_SECRET_KEY": SECRET, **more}


def engage(url: str, *args: str, stdin: str | None = None) -> str:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        env=env_for(url),
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _wait(url: str) -> None:
    for _ in range(300):
        try:
            if httpx.get(url, timeout=1).status_code < 500:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not start")


@contextmanager
def running(
    command: list[str], env: dict[str, str], health: str, cwd: Path | None = None
) -> Iterator[None]:
    process = subprocess.Popen(
        command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        _wait(health)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


@contextmanager
def engage_server(
    url: str, workers: int = 2, checkout: Path | None = None, **settings: str
) -> Iterator[str]:
    """`engage serve` of this checkout, or of another one (its own .venv), on `url`."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    python = str(checkout / ".venv" / "bin" / "python") if checkout else sys.executable
    command = [
        python,
        "-m",
        "app.cli",
        "serve",
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    with running(command, env_for(url, **settings), f"{base}/healthz", cwd=checkout):
        yield base


@contextmanager
def reference_server() -> Iterator[str]:
    from bench import reference_app

    reference_app.build()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "bench.reference_app:app",
        "--port",
        str(port),
        "--workers",
        "2",
        "--log-level",
        "warning",
    ]
    with running(command, dict(os.environ), f"{base}/"):
        yield base


def add_bench_user(url: str) -> None:
    """The administrator the bench signs in as (EMAIL, PASSWORD)."""
    engage(
        url,
        "user",
        "add",
        EMAIL,
        "--name",
        "Bench",
        "--role",
        "admin",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )


def sign_in(base: str) -> dict[str, str]:
    with httpx.Client(base_url=base, follow_redirects=False) as client:
        page = client.get("/login").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        response = client.post(
            "/login", data={"email": EMAIL, "password": PASSWORD, "csrf_token": token}
        )
        if response.status_code != 303:
            raise RuntimeError("bench sign-in failed")
        return dict(client.cookies)
