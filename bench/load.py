"""A bounded async load generator: N concurrent clients for a fixed time, 127.0.0.1 only
(each a bench.client.Reader: lean, so that the machine's CPUs measure the server)."""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from bench.client import STAGGER, Reader


@dataclass
class Result:
    name: str
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def _client(
    reader: Reader,
    path: str,
    stop: float,
    out: list[float],
    errors: list[int],
    delay: float = 0.0,
) -> None:
    await asyncio.sleep(delay)
    while time.perf_counter() < stop:
        started = time.perf_counter()
        status, _ = await reader.get(path)
        elapsed = (time.perf_counter() - started) * 1000
        if status != 200:
            errors.append(status)
        out.append(elapsed)


async def drive(
    name: str,
    url: str,
    *,
    cookies: dict[str, str] | None = None,
    clients: int = 8,
    duration: float = 10.0,
    warmup: float = 1.0,
) -> Result:
    assert url.startswith("http://127.0.0.1"), "load goes to this machine only"
    parts = urlsplit(url)
    base, path = f"{parts.scheme}://{parts.netloc}", urlunsplit(("", "", *parts[2:]))
    readers = [Reader(base, cookies, timeout=30) for _ in range(clients)]
    try:
        await asyncio.gather(
            *(
                _client(reader, path, time.perf_counter() + warmup, [], [], delay=n * STAGGER)
                for n, reader in enumerate(readers)
            )
        )
        latencies: list[float] = []
        errors: list[int] = []
        started = time.perf_counter()
        await asyncio.gather(
            *(_client(reader, path, started + duration, latencies, errors) for reader in readers)
        )
        spent = time.perf_counter() - started
    finally:
        for reader in readers:
            reader.close()
    return Result(name, len(latencies), len(errors), spent, latencies)


def summary(result: Result) -> dict[str, float]:
    return {
        "requests_per_s": round(result.rate, 1),
        "p50_ms": round(result.percentile(50), 1),
        "p95_ms": round(result.percentile(95), 1),
        "p99_ms": round(result.percentile(99), 1),
        "mean_ms": round(statistics.fmean(result.latencies_ms), 1) if result.latencies_ms else 0,
        "errors": result.errors,
    }


def rows_with_reference(result: dict) -> list[tuple[str, dict]]:
    """The reference page first (its own ratio is 1), then every page, for any table."""
    return [
        ("reference page", {**result["reference"], "vs_reference": 1.0}),
        *result["pages"].items(),
    ]
