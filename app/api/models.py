"""API tokens: a named secret per user for other systems, stored only as a hash."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.account.models import User
from app.db import Base


class ApiToken(Base):
    """Acts as its user, with the user's role at the time of each request (so demoting or
    deactivating a person limits their tokens at once). `prefix` identifies the token in
    lists without revealing it."""

    __tablename__ = "api_token"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(lazy="raise")

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
