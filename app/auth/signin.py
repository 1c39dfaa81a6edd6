"""Checking a sign-in: throttled, counted, and the same work whether or not the e-mail
belongs to an account."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.account.models import User
from app.account.passwords import verify_password
from app.account.service import find_user_by_email
from app.auth.throttle import check_throttle, hold_turn, record_attempt
from app.db import utcnow
from app.errors import EngageError

BAD_CREDENTIALS = "That e-mail address and password do not match an active account."


class BadCredentials(EngageError):
    status_code = 401
    title = "Please sign in"


def check_sign_in(session: Session, email: str, password: str, client_address: str) -> User:
    """The active account whose e-mail and password these are, with the attempt recorded.

    Raises TooManyAttempts before any password is checked once the e-mail or the address
    has failed too often, and BadCredentials otherwise. An unknown e-mail, an inactive
    account and a wrong password all verify a hash (a stand-in where there is none: see
    `verify_password`), so how long the answer takes tells nothing."""
    hold_turn(session, email, client_address)
    check_throttle(session, email, client_address)
    user = find_user_by_email(session, email) if email.strip() else None
    matches = verify_password(user.password_hash if user else None, password)
    if user is None or not user.active or not matches:
        record_attempt(session, email, client_address, succeeded=False)
        raise BadCredentials(BAD_CREDENTIALS)
    record_attempt(session, email, client_address, succeeded=True)
    user.last_login_at = utcnow()
    return user
