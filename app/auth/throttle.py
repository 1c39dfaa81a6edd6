"""Login throttling per account and per client address, from recorded attempts.

Attempts are counted on the e-mail as sign-in reads it (`email_key`: spaces around it
dropped, case folded), so " Admin@Example.org" and "admin@example.org " share one count.
Counting and recording are one step for each e-mail and address (`hold_turn`): two
attempts at the same time cannot both see four failures and both go on to a sixth guess.
"""

from __future__ import annotations

import hashlib
import math
from datetime import datetime, timedelta

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from app.account.service import email_key
from app.auth.models import LoginAttempt
from app.db import utcnow
from app.errors import EngageError

WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 20


class TooManyAttempts(EngageError):
    status_code = 429
    title = "Too many attempts"


def hold_turn(session: Session, email: str, client_address: str) -> None:
    """Make the attempts on this e-mail and from this address take turns, until the
    request's transaction ends (after its attempt is recorded).

    On SQLite a sign-in is a writer's transaction (BEGIN IMMEDIATE: app.db), so writers
    already take turns. On PostgreSQL two transactions under READ COMMITTED would each
    count the failures without seeing the other's, so each takes a transaction-level
    advisory lock per key; always the e-mail's first, so two attempts never wait on
    each other in a circle. The wait is bounded by the server's lock_timeout (a 503)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for key in (f"email:{email_key(email)}", f"address:{client_address}"):
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _lock_key(key)})


def _lock_key(key: str) -> int:
    digest = hashlib.sha256(f"engage-sign-in:{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _failures_since(session: Session, since: datetime, **where: str) -> tuple[int, datetime | None]:
    stmt = select(func.count(), func.min(LoginAttempt.attempted_at)).where(
        LoginAttempt.succeeded.is_(False), LoginAttempt.attempted_at >= since
    )
    for column, value in where.items():
        stmt = stmt.where(getattr(LoginAttempt, column) == value)
    count, oldest = session.execute(stmt).one()
    return count, oldest


def check_throttle(session: Session, email: str, client_address: str) -> None:
    now = utcnow()
    since = now - WINDOW
    checks = (
        ({"email": _stored_key(email)}, MAX_FAILURES_PER_ACCOUNT, "this account"),
        ({"client_address": client_address}, MAX_FAILURES_PER_ADDRESS, "your network address"),
    )
    for where, limit, who in checks:
        count, oldest = _failures_since(session, since, **where)
        if count >= limit and oldest is not None:
            wait = math.ceil(((oldest + WINDOW) - now).total_seconds() / 60) or 1
            raise TooManyAttempts(
                f"Too many failed sign-in attempts for {who}. "
                f"Please wait {wait} minute{'s' if wait != 1 else ''} and try again."
            )


def record_attempt(session: Session, email: str, client_address: str, *, succeeded: bool) -> None:
    session.add(
        LoginAttempt(email=_stored_key(email), client_address=client_address, succeeded=succeeded)
    )
    session.flush()


def _stored_key(email: str) -> str:
    # The column holds 254 characters; a longer key is cut the same way when counted.
    return email_key(email)[:254]
