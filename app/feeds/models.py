"""Calendar subscription tokens: a secret per user, stored only as a hash."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base


class CalendarToken(Base):
    """A calendar feed secret. The token itself is shown once; only its SHA-256 is kept,
    so a copy of the database cannot be used to read anyone's calendar."""

    __tablename__ = "calendar_token"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]
