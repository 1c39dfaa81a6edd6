"""Two worker processes share the outbox: every event reaches the receiver exactly once.
Runs on the suite's database engine (the PostgreSQL leg uses FOR UPDATE SKIP LOCKED)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter

from sqlalchemy import select

from app.db import make_engine, make_session_factory, utcnow
from app.webhooks.models import EventType, WebhookAttempt, WebhookDelivery
from app.webhooks.outbox import PendingEvent, enqueue
from app.webhooks.service import register_endpoint
from tests.conftest import SECRET
from tests.databases import throwaway_database, upgrade
from tests.webhooks.receiver import Receiver, running_receiver

EVENTS = 30  # more than one claim batch, so the second worker has work too


def test_two_workers_deliver_each_event_exactly_once():
    with (
        throwaway_database("workers") as url,
        running_receiver(Receiver(wait_for_company=15)) as receiver,
    ):
        engine = make_engine(url)
        with engine.begin() as conn:
            upgrade(conn)
        with make_session_factory(engine).begin() as session:
            endpoint = register_endpoint(
                session,
                url=receiver.url,
                description="",
                events=["meeting.created"],
                internal_hosts={"127.0.0.1"},
            )
            receiver.secret = endpoint.secret
            events = [
                PendingEvent(EventType.meeting_created, "meeting", n, {"n": n})
                for n in range(1, EVENTS + 1)
            ]
            enqueue(session.connection(), events, now=utcnow())

        env = {
            **os.environ,
            "ENGAGE_DATABASE_URL": url,
            "ENGAGE_SECRET_KEY": SECRET,
            "ENGAGE_WEBHOOK_INTERNAL_HOSTS": "127.0.0.1",
        }
        workers = [
            subprocess.Popen(
                [sys.executable, "-m", "app.cli", "worker", "--once"],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for _ in range(2)
        ]
        outputs = [w.communicate(timeout=120)[0] for w in workers]
        assert [w.returncode for w in workers] == [0, 0], outputs

        counts = Counter(r.event_id for r in receiver.received)
        assert len(counts) == EVENTS, counts
        assert set(counts.values()) == {1}, counts
        assert all(r.signature_valid for r in receiver.received)
        assert receiver.max_in_flight >= 2  # both workers were sending at the same time
        with engine.connect() as conn:
            statuses = conn.scalars(select(WebhookDelivery.status)).all()
            by_worker = Counter(conn.scalars(select(WebhookAttempt.worker)).all())
        assert statuses == ["delivered"] * EVENTS
        assert len(by_worker) == 2
        assert sum(by_worker.values()) == EVENTS
        engine.dispose()
