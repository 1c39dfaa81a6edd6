"""Staff users: the people who log meetings and own actions."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Index, String, func
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, enum_check


class Role(enum.StrEnum):
    admin = "admin"
    editor = "editor"
    viewer = "viewer"

    @property
    def can_edit(self) -> bool:
        return self in (Role.admin, Role.editor)


class User(Base):
    """A member of staff. Never deleted: deactivated, so history keeps its authors."""

    __tablename__ = "user_account"
    __table_args__ = (enum_check("role", Role),)

    email: Mapped[str] = mapped_column(String(254))
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16), default=Role.viewer.value)
    active: Mapped[bool] = mapped_column(default=True)
    # Audited as set or changed, never its value (app.audit.recorder).
    password_hash: Mapped[str | None] = mapped_column(String(255), info={"audit_secret": True})
    last_login_at: Mapped[datetime | None]
    # Moved on by sign-out, a password change and deactivation: a session cookie carries
    # the number it was issued under, and stops working once it moves on (app.auth.guard).
    # Kept in the database so that every worker process sees it at once.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")

    def __repr__(self) -> str:
        return f"<User {self.email} ({self.role})>"


# Case-insensitive uniqueness, enforced by the database itself.
Index("uq_user_account_email_lower", func.lower(User.email), unique=True)
