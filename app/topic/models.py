"""Topics: the controlled list of subjects that meetings and pledges are filed under."""

from __future__ import annotations

from sqlalchemy import JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, TrackedMixin
from app.generation import track


class Topic(TrackedMixin, Base):
    """One subject on the controlled list, e.g. "Special Technology Zones roll-out"."""

    __tablename__ = "topic"

    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    # Words that suggest the topic in free text (used by ingest).
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)

    def __repr__(self) -> str:
        return f"<Topic {self.slug}>"


# Cached pages show these: every change to them moves the data generation (app.generation).
track(Topic)
