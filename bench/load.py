"""A bounded async load generator: N concurrent clients for a fixed time, 127.0.0.1 only."""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass

import httpx

# Clients open their connections one after another, as people's browsers do, not in one
# instant: a burst of simultaneous connections is all accepted by whichever server worker
# wakes first, and would measure that accident rather than the pages.
STAGGER = 0.05


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
    client: httpx.AsyncClient,
    url: str,
    stop: float,
    out: list[float],
    errors: list[int],
    delay: float = 0.0,
) -> None:
    await asyncio.sleep(delay)
    while time.perf_counter() < stop:
        started = time.perf_counter()
        response = await client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            errors.append(response.status_code)
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
    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(cookies=cookies, limits=limits, timeout=30) as client:
        await asyncio.gather(
            *(
                _client(client, url, time.perf_counter() + warmup, [], [], delay=n * STAGGER)
                for n in range(clients)
            )
        )
        latencies: list[float] = []
        errors: list[int] = []
        started = time.perf_counter()
        await asyncio.gather(
            *(_client(client, url, started + duration, latencies, errors) for _ in range(clients))
        )
        spent = time.perf_counter() - started
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
