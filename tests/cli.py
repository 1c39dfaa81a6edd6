"""Running the `engage` command against a given database, as an operator would."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import SECRET


def engage(url: str, *args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:  # noqa: A002
    env = {**os.environ, "ENGAGE_DATABASE_URL": url, "ENGAGE_SECRET_KEY": SECRET}
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        env=env,
        input=input,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
