"""Secrets handed to people or programs once and kept only as a hash (calendar feed
links, API tokens): a copy of the database never lets anyone act as a user."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import or_, update
from sqlalchemy.orm import Session

from app.db import utcnow, write_apart

if TYPE_CHECKING:
    from app.api.models import ApiToken
    from app.feeds.models import CalendarToken


def new_secret(prefix: str = "") -> str:
    return prefix + secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


# When a token was last used is kept to the minute: writing it on every request would
# make every read a write (issue 17).
USE_RECORDED_EVERY = timedelta(minutes=1)


def record_use(session: Session, token: ApiToken | CalendarToken) -> None:
    """Note that `token` was used now, at most once a minute, in a short transaction of
    its own (app.db.write_apart); another worker that noted it meanwhile wins."""
    now = utcnow()
    since = now - USE_RECORDED_EVERY
    if token.last_used_at is not None and token.last_used_at > since:
        return
    model = type(token)
    write_apart(
        session,
        update(model)
        .where(model.id == token.id)
        .where(or_(model.last_used_at.is_(None), model.last_used_at <= since))
        .values(last_used_at=now)
        .execution_options(synchronize_session=False),
    )
