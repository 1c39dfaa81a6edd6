"""`engage worker`: delivers webhooks, announces overdue and due items, and sends the
daily e-mail digests. Run one or several (on PostgreSQL they share the work safely)."""

from __future__ import annotations

import logging
import os
import socket
import time
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.db import unit_of_work
from app.reminders.service import send_due_digests
from app.web import today
from app.webhooks.delivery import deliver_due
from app.webhooks.scan import announce_due_items

log = logging.getLogger("engage.worker")


@dataclass
class Round:
    announced: int = 0
    delivered: int = 0
    digests: int = 0


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def run_once(factory: sessionmaker[Session], settings: Settings) -> Round:
    result = Round()
    try:
        with unit_of_work(factory) as session:
            result.announced = announce_due_items(session, today())
    except IntegrityError:
        log.info("Another worker announced the same due items first")
    name = worker_name()
    while tried := deliver_due(factory, settings, worker=name):
        result.delivered += tried
    result.digests = send_due_digests(factory, settings)
    return result


def run_forever(factory: sessionmaker[Session], settings: Settings) -> None:
    log.info("Worker %s started; polling every %ss", worker_name(), settings.worker_poll_seconds)
    while True:
        try:
            done = run_once(factory, settings)
            if done.announced or done.delivered or done.digests:
                log.info("%s", done)
        except Exception:  # keep serving: one bad round must not stop reminders for good
            log.exception("Worker round failed; trying again")
        time.sleep(settings.worker_poll_seconds)
