"""Sign-in throttling holds under a race (issue 17: on PostgreSQL six of six parallel
guesses got through where five may). Real transactions on the test database, each on a
connection of its own, started together: exactly five guesses are checked, the rest are
refused before any password is."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine, delete, func, select

from app.auth.models import LoginAttempt
from app.auth.signin import BadCredentials, check_sign_in
from app.auth.throttle import MAX_FAILURES_PER_ACCOUNT, TooManyAttempts
from app.db import make_session_factory, unit_of_work

GUESSES = 10


@pytest.fixture
def target(engine: Engine) -> Iterator[str]:
    """An e-mail no test uses; its attempts are committed, and removed afterwards."""
    email = f"race-{uuid.uuid4().hex[:8]}@example.org"
    yield email
    with engine.begin() as conn:
        conn.execute(delete(LoginAttempt).where(LoginAttempt.email == email))


def test_parallel_guesses_get_no_sixth_try(engine, target):
    factory = make_session_factory(engine)
    start = threading.Barrier(GUESSES)

    def guess(n: int) -> str:
        start.wait(timeout=30)
        # Spaces and case vary: all are one account's attempts.
        typed = f" {target.upper()} " if n % 2 else target
        # As the login route does: the refusal is the answer, and the attempt is committed.
        with unit_of_work(factory) as session:
            try:
                check_sign_in(session, typed, f"guess {n}", f"192.0.2.{n}")
            except BadCredentials:
                return "checked"
            except TooManyAttempts:
                return "refused"
        return "signed in"

    with ThreadPoolExecutor(GUESSES) as pool:
        outcomes = list(pool.map(guess, range(GUESSES)))

    assert outcomes.count("checked") == MAX_FAILURES_PER_ACCOUNT, outcomes
    assert outcomes.count("refused") == GUESSES - MAX_FAILURES_PER_ACCOUNT, outcomes
    with engine.connect() as conn:
        recorded = conn.scalar(
            select(func.count()).select_from(LoginAttempt).where(LoginAttempt.email == target)
        )
    assert recorded == MAX_FAILURES_PER_ACCOUNT
