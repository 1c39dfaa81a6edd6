"""Sign-in attempts, kept in the database so throttling holds across worker processes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, utcnow


class LoginAttempt(Base):
    """One sign-in attempt: the e-mail tried, from where, and whether it succeeded."""

    __tablename__ = "login_attempt"
    __audited__ = False  # the attempts are their own record
    __table_args__ = (
        Index("ix_login_attempt_email_attempted_at", "email", "attempted_at"),
        Index("ix_login_attempt_client_address_attempted_at", "client_address", "attempted_at"),
    )

    email: Mapped[str] = mapped_column(String(254))
    client_address: Mapped[str] = mapped_column(String(64))
    succeeded: Mapped[bool] = mapped_column(default=False)
    attempted_at: Mapped[datetime] = mapped_column(default=utcnow)
