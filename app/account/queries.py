"""Every SELECT for staff accounts."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from app.account.models import User
from app.errors import NotFound


def users_stmt() -> Select[User]:
    return select(User).order_by(User.active.desc(), func.lower(User.display_name))


def active_users(session: Session) -> Sequence[User]:
    stmt = select(User).where(User.active.is_(True)).order_by(func.lower(User.display_name))
    return session.scalars(stmt).all()


def get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"There is no user number {user_id}.")
    return user
