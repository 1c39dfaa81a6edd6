"""Render saved benchmark figures as Markdown tables (for the README's Performance section).

python -m bench.markdown bench/results/both-large-….json [bench/results/both-small-….json]
python -m bench.markdown bench/results/writes-large-….json
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
        if "kinds" in result:  # python -m bench.writes
            out.extend(_single_saves(result))
            continue
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
        if result.get("exports"):
            out.append("| export | seconds | peak memory |")
            out.append("| --- | ---: | ---: |")
            for name, row in result["exports"].items():
                out.append(f"| {name} | {row['seconds']} | {row['peak_mb']} MB |")
            out.append("")
        if result.get("mixed"):
            out.extend(_mixed(result))
    return "\n".join(out)


def _mixed(result: dict) -> list[str]:
    """python -m bench --mixed: each phase's pages beside their warm p95, the cold table
    with the page cache and without, the pages' load uncached, the import alone."""
    out: list[str] = []
    for label, figures in result["mixed"].items():
        out.append(f"*Beside {label}* ({figures['seconds']} s, 8 readers walking every page)\n")
        out.append("| page | warm p95 ms | p50 ms | p95 ms | p99 ms | errors |")
        out.append("| --- | ---: | ---: | ---: | ---: | ---: |")
        rows = list(figures["pages"].items())
        if "writes" in figures:
            rows.append((f"**writes** ({figures['writes_sent']}, API PATCH)", figures["writes"]))
        for name, row in rows:
            warm = result["pages"].get(name, {}).get("p95_ms", "")
            out.append(
                f"| {name} | {warm} | {row['p50_ms']} | {row['p95_ms']} | {row['p99_ms']} "
                f"| {row['errors']} |"
            )
        if "import" in figures:
            row = figures["import"]
            out.append(f"\nThe import itself: {row['seconds']} s ({row['outcome']})")
        out.append("")
    out.append("| first view after a change | median ms, cache on | median ms, cache off |")
    out.append("| --- | ---: | ---: |")
    for name, row in result["after_change"].items():
        off = result["after_change_uncached"][name]["median_ms"]
        out.append(f"| {name} | {row['median_ms']} | {off} |")
    out.append("")
    out.append("| page, cache off | req/s | p50 ms | p95 ms | p99 ms | vs reference |")
    out.append("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, row in result["uncached"].items():
        out.append(
            f"| {name} | {row['requests_per_s']} | {row['p50_ms']} | {row['p95_ms']} "
            f"| {row['p99_ms']} | {row['vs_reference']:.2f} |"
        )
    row = result["import_alone"]
    out.append(
        f"\nAn import of 1,000 rows alone (`engage import`, its own process): "
        f"{row['seconds']} s, peak {row['peak_mb']} MB ({row['outcome']})\n"
    )
    return out


def _single_saves(result: dict) -> list[str]:
    """python -m bench.writes: each kind of save alone, one after another."""
    out = [
        f"**{result['engine']}, {result['scale']}**: {result['times']} saves of each kind\n",
        "| save (API) | p50 ms | p95 ms | p99 ms | errors |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for kind, row in result["kinds"].items():
        out.append(
            f"| {kind} | {row['p50_ms']} | {row['p95_ms']} | {row['p99_ms']} | {row['errors']} |"
        )
    out.append("")
    return out


def main() -> None:
    results = [r for path in sys.argv[1:] for r in json.loads(Path(path).read_text())]
    print(render(results))


if __name__ == "__main__":
    main()
