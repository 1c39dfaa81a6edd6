"""Runs one `engage` command in this process and reports its own peak memory, so an
export's figure is not mixed up with the servers the benchmark also started."""

from __future__ import annotations

import resource
import sys

from app.cli import cli

if __name__ == "__main__":
    try:
        cli(sys.argv[1:], standalone_mode=False)
    finally:
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        sys.stderr.write(f"\nPEAK_RSS_KB={peak_kb}\n")
