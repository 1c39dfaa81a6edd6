"""The record of each person's digest for each day: sent, or why not."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.account.models import User
from app.db import Base, enum_check


class DigestStatus(enum.StrEnum):
    pending = "pending"
    sending = "sending"
    sent = "sent"
    failed = "failed"


class DigestLog(Base):
    """One row per person per day. The unique key is how two workers agree on who sends
    a digest; `attempts` bounds retries of a failing mail server."""

    __tablename__ = "digest_log"
    __table_args__ = (
        UniqueConstraint("user_id", "digest_date"),
        enum_check("status", DigestStatus),
    )

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    digest_date: Mapped[date] = mapped_column(index=True)
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(default=0)
    item_count: Mapped[int] = mapped_column(default=0)
    sent_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(Text)

    user: Mapped[User] = relationship(lazy="raise")
