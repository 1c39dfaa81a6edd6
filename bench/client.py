"""The bench's readers: keep-alive GET requests on asyncio streams, parsed by h11 (the
HTTP/1.1 state machine httpx itself is built on).

The load generator runs on the same two CPUs as the server it measures. httpx's
AsyncClient spent 1.2 to 1.7 ms of CPU on each request (against the reference page, 8
clients: `python -m bench.client`); this reader spends about 0.2. With httpx the bench's 8
readers took a third or more of the machine from the server, so pages looked slower the
more requests the bench made of them, the reference page too. Only what readers need:
GET, a Cookie header, the status and the body.
"""

from __future__ import annotations

import asyncio
import resource
import time
from collections.abc import Awaitable, Callable
from types import TracebackType
from urllib.parse import urlsplit

import h11
import httpx

READ_SIZE = 256 * 1024
# Clients open their connections one after another, as people's browsers do, not in one
# instant: a burst of simultaneous connections is all accepted by whichever server worker
# wakes first, and would measure that accident rather than the pages.
STAGGER = 0.05


class Reader:
    """One connection to one server, asking one page at a time, as a browser tab does."""

    def __init__(
        self, base: str, cookies: dict[str, str] | None = None, timeout: float = 60
    ) -> None:
        parts = urlsplit(base)
        if parts.scheme != "http" or not parts.hostname or not parts.port:
            raise ValueError(f"a reader asks http://host:port only, not {base}")
        self.host, self.port = parts.hostname, parts.port
        self.timeout = timeout
        self.headers = [("Host", f"{self.host}:{self.port}")]
        if cookies:
            self.headers.append(("Cookie", "; ".join(f"{k}={v}" for k, v in cookies.items())))
        self._streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        self._http = h11.Connection(h11.CLIENT)

    async def get(self, path: str) -> tuple[int, bytes]:
        """The status and body of `path` (with its query). A connection the server closed
        while idle is opened again once, as browsers and httpx do."""
        reused = self._streams is not None
        try:
            return await asyncio.wait_for(self._exchange(path), self.timeout)
        except (ConnectionError, h11.RemoteProtocolError, asyncio.IncompleteReadError):
            self.close()
            if not reused:
                raise
            return await asyncio.wait_for(self._exchange(path), self.timeout)

    async def _exchange(self, path: str) -> tuple[int, bytes]:
        if self._streams is None:
            self._streams = await asyncio.open_connection(self.host, self.port)
            self._http = h11.Connection(h11.CLIENT)
        reader, writer = self._streams
        http = self._http
        writer.write(http.send(h11.Request(method="GET", target=path, headers=self.headers)))
        writer.write(http.send(h11.EndOfMessage()))
        status, body = 0, bytearray()
        while True:
            event = http.next_event()
            if event is h11.NEED_DATA:
                data = await reader.read(READ_SIZE)
                if not data:
                    raise ConnectionError("the server closed the connection")
                http.receive_data(data)
            elif isinstance(event, h11.Response):
                status = event.status_code
            elif isinstance(event, h11.Data):
                body += event.data
            elif isinstance(event, h11.EndOfMessage):
                break
        if http.our_state is h11.DONE and http.their_state is h11.DONE:
            http.start_next_cycle()
        else:  # the server asked to close ("Connection: close")
            self.close()
        return status, bytes(body)

    def close(self) -> None:
        """Close the connection (a later request opens another)."""
        if self._streams is not None:
            self._streams[1].close()
            self._streams = None

    async def __aenter__(self) -> Reader:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def _ask_with_httpx(base: str, stop: float) -> int:
    done = 0
    async with httpx.AsyncClient(base_url=base) as client:
        while time.perf_counter() < stop:
            (await client.get("/")).raise_for_status()
            done += 1
    return done


async def _ask_with_a_reader(base: str, stop: float) -> int:
    done = 0
    async with Reader(base) as reader:
        while time.perf_counter() < stop:
            status, _ = await reader.get("/")
            if status != 200:
                raise RuntimeError(f"the reference page answered {status}")
            done += 1
    return done


async def _requests_made(
    ask: Callable[[str, float], Awaitable[int]], base: str, seconds: float, clients: int
) -> int:
    """Requests `clients` clients made for `seconds`, each opening its connection in turn."""

    async def one(n: int) -> int:
        await asyncio.sleep(n * STAGGER)
        return await ask(base, time.perf_counter() + seconds)

    return sum(await asyncio.gather(*(one(n) for n in range(clients))))


def main() -> None:
    """python -m bench.client: what each client costs the machine a request, httpx's
    AsyncClient and the Reader in turn, 8 clients on the reference page."""
    from bench import server

    clients = (("httpx AsyncClient", _ask_with_httpx), ("bench Reader", _ask_with_a_reader))
    with server.reference_server() as base:
        for _ in range(2):
            for name, ask in clients:
                cpu, started = _cpu_seconds(), time.perf_counter()
                done = asyncio.run(_requests_made(ask, base, 5.0, 8))
                spent = time.perf_counter() - started
                print(
                    f"{name:18} {done / spent:6.0f} requests/s, "
                    f"client CPU {1000 * (_cpu_seconds() - cpu) / done:.2f} ms a request"
                )


if __name__ == "__main__":
    main()
