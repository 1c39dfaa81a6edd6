"""Issuing, listing, revoking and checking API tokens."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.account.models import User
from app.api.models import ApiToken
from app.db import utcnow
from app.errors import FormInvalid, NotFound
from app.forms import clean_text
from app.secrets import hash_secret, new_secret, record_use

TOKEN_PREFIX = "eng_"


def issue_api_token(session: Session, user: User, name: str) -> tuple[ApiToken, str]:
    """Returns the stored token and its secret, which is never shown again."""
    try:
        name = clean_text(name or "")
    except ValueError as exc:
        raise FormInvalid({"name": "Remove the NUL character from the name."}) from exc
    if not name:
        raise FormInvalid({"name": "Name the token after the system that will use it."})
    if len(name) > 120:
        raise FormInvalid({"name": "Use at most 120 characters."})
    secret = new_secret(TOKEN_PREFIX)
    token = ApiToken(user_id=user.id, name=name, prefix=secret[:10], token_hash=hash_secret(secret))
    session.add(token)
    session.flush()
    return token, secret


def tokens_of(session: Session, user_id: int) -> list[ApiToken]:
    stmt = select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id.desc())
    return list(session.scalars(stmt))


def revoke_api_token(session: Session, user_id: int, token_id: int) -> ApiToken:
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user_id:
        raise NotFound("There is no such token among yours.")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
    return token


def revoke_all_api_tokens(session: Session, user_id: int) -> int:
    """Revoke every active token of the user; how many were."""
    active = session.scalars(
        select(ApiToken).where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
    ).all()
    now = utcnow()
    for token in active:
        token.revoked_at = now
    return len(active)


def user_for_api_token(session: Session, secret: str) -> User | None:
    stmt = select(ApiToken).where(
        ApiToken.token_hash == hash_secret(secret), ApiToken.revoked_at.is_(None)
    )
    token = session.scalars(stmt).first()
    user = session.get(User, token.user_id) if token else None
    if token is None or user is None or not user.active:
        return None
    record_use(session, token)
    return user
