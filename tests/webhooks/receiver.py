"""A real HTTP receiver on 127.0.0.1 for webhook tests: verifies each signature as a
receiving system would, records what arrived, and can fail or hold requests on demand."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from app.webhooks.signing import SIGNATURE_HEADER, verify


@dataclass
class Received:
    event_id: str
    event_type: str
    body: dict
    signature_valid: bool
    attempt: int


@dataclass
class Receiver:
    secret: str = ""
    fail_first: int = 0  # answer 500 to this many requests first
    wait_for_company: float = 0.0  # hold a request until another is in flight (or timeout)
    received: list[Received] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)
    max_in_flight: int = 0
    url: str = ""
    _in_flight: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _company: threading.Event = field(default_factory=threading.Event)

    def handle(self, headers, body: bytes) -> int:  # type: ignore[no-untyped-def]
        with self._lock:
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)
            if self._in_flight >= 2:
                self._company.set()
        try:
            if self.wait_for_company:
                self._company.wait(self.wait_for_company)
            with self._lock:
                status = 500 if len(self.answers) < self.fail_first else 200
                self.answers.append(status)
                if status == 200:
                    self.received.append(
                        Received(
                            event_id=headers["Engage-Event-Id"],
                            event_type=headers["Engage-Event"],
                            body=json.loads(body),
                            signature_valid=verify(self.secret, headers[SIGNATURE_HEADER], body),
                            attempt=int(headers["Engage-Attempt"]),
                        )
                    )
            return status
        finally:
            with self._lock:
                self._in_flight -= 1


@contextmanager
def running_receiver(receiver: Receiver) -> Iterator[Receiver]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            status = receiver.handle(self.headers, body)
            self.send_response(status)
            self.end_headers()
            self.wfile.write(b"ok" if status == 200 else b"try later")

        def log_message(self, *_args) -> None:  # type: ignore[no-untyped-def]
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.url = f"http://127.0.0.1:{server.server_port}/hooks"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
