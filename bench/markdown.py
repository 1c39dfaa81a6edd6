"""Render saved benchmark figures as Markdown tables (for the README's Performance section).

python -m bench.markdown bench/results/both-large-….json [bench/results/both-small-….json]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bench.load import rows_with_reference


def _page_rows(result: dict) -> list[str]:
    return [
        f"| {name} | {row['requests_per_s']} | {row['p50_ms']} | {row['p95_ms']} "
        f"| {row['p99_ms']} | {row['vs_reference']:.2f} |"
        for name, row in rows_with_reference(result)
    ]


def render(results: list[dict]) -> str:
    out: list[str] = []
    for result in results:
        total = result["generation_s"]["total"]
        out.append(f"**{result['engine']}, {result['scale']}** (generated in {total} s)\n")
        out.append("| page | req/s | p50 ms | p95 ms | p99 ms | vs reference |")
        out.append("| --- | ---: | ---: | ---: | ---: | ---: |")
        out.extend(_page_rows(result))
        out.append("")
        if result.get("after_change"):
            out.append("| first view after a change | median ms | slowest ms |")
            out.append("| --- | ---: | ---: |")
            for name, row in result["after_change"].items():
                out.append(f"| {name} | {row['median_ms']} | {row['max_ms']} |")
            out.append("")
        out.append("| export | seconds | peak memory |")
        out.append("| --- | ---: | ---: |")
        for name, row in result["exports"].items():
            out.append(f"| {name} | {row['seconds']} | {row['peak_mb']} MB |")
        out.append("")
    return "\n".join(out)


def main() -> None:
    results = [r for path in sys.argv[1:] for r in json.loads(Path(path).read_text())]
    print(render(results))


if __name__ == "__main__":
    main()
