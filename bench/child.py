"""Runs one `engage` command in this process and reports its own peak memory, so an
export's figure is not mixed up with the servers the benchmark also started."""

from __future__ import annotations

import sys
from pathlib import Path

from app.cli import cli

if __name__ == "__main__":
    try:
        cli(sys.argv[1:], standalone_mode=False)
    finally:
        # VmHWM, not getrusage: Linux carries ru_maxrss across exec, so getrusage would
        # report the benchmark process this one was forked from.
        status = Path("/proc/self/status").read_text()
        peak_kb = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM"))
        sys.stderr.write(f"\nPEAK_RSS_KB={peak_kb}\n")
