"""Login throttling per account and per client address, from recorded attempts."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.auth.models import LoginAttempt
from app.db import utcnow
from app.errors import EngageError

WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 20


class TooManyAttempts(EngageError):
    status_code = 429
    title = "Too many attempts"


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
        ({"email": email.lower()}, MAX_FAILURES_PER_ACCOUNT, "this account"),
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
        LoginAttempt(email=email.lower()[:254], client_address=client_address, succeeded=succeeded)
    )
    session.flush()
