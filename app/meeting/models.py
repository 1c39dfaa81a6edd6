"""Meetings: every engagement, who took part on which side, and what was presented."""

from __future__ import annotations

import enum
from datetime import date, time
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, TrackedMixin, enum_check
from app.generation import track
from app.organisation.models import Province

if TYPE_CHECKING:
    from app.account.models import User
    from app.contact.models import Affiliation, Contact
    from app.organisation.models import Organisation
    from app.topic.models import Topic


class MeetingKind(enum.StrEnum):
    working_meeting = "working_meeting"
    event = "event"
    call = "call"
    site_visit = "site_visit"
    signing = "signing"
    other = "other"

    @property
    def label(self) -> str:
        return {
            "working_meeting": "Working meeting",
            "event": "Event or dialogue",
            "call": "Call",
            "site_visit": "Site visit",
            "signing": "Signing",
            "other": "Other",
        }[self.value]


class MeetingStatus(enum.StrEnum):
    planned = "planned"
    held = "held"
    cancelled = "cancelled"


class Side(enum.StrEnum):
    ours = "ours"
    counterpart = "counterpart"
    observer = "observer"


class ParticipantRole(enum.StrEnum):
    led_delegation = "led_delegation"
    presented = "presented"
    attended = "attended"

    @property
    def label(self) -> str:
        return {
            "led_delegation": "Led the delegation",
            "presented": "Presented",
            "attended": "Attended",
        }[self.value]


meeting_topic = Table(
    "meeting_topic",
    Base.metadata,
    Column("meeting_id", ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topic.id", ondelete="RESTRICT"), primary_key=True, index=True),
)


class _Labelled(Protocol):
    @property
    def kind(self) -> str: ...

    @property
    def province(self) -> str | None: ...


class MeetingLabels:
    """A meeting's kind and province in words: for the record and for its line
    (app.meeting.lines), which the same table macro shows."""

    @property
    def kind_label(self: _Labelled) -> str:
        return MeetingKind(self.kind).label

    @property
    def province_label(self: _Labelled) -> str | None:
        return Province.label_of(self.province)


class Meeting(MeetingLabels, TrackedMixin, Base):
    """One engagement. `date_confirmed` is false when the source gives no exact day: the
    stored date (if any) is then the reported one and must never be presented as fact."""

    __tablename__ = "meeting"
    __table_args__ = (
        enum_check("kind", MeetingKind),
        enum_check("status", MeetingStatus),
        enum_check("province", Province, nullable=True),
        CheckConstraint(
            "end_time IS NULL OR start_time IS NULL OR end_time >= start_time",
            name="times_in_order",
        ),
        CheckConstraint("date IS NOT NULL OR date_confirmed = false", name="undated_unconfirmed"),
        # Covers the dashboard's and reports' counts over a period without reading rows.
        Index("ix_meeting_date_status_archived_at", "date", "status", "archived_at", "province"),
    )

    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(32))
    # Empty only when the source gives no date at all; never invent one.
    date: Mapped[date | None] = mapped_column(index=True)
    start_time: Mapped[time | None]
    end_time: Mapped[time | None]
    date_confirmed: Mapped[bool] = mapped_column(default=True)
    date_note: Mapped[str | None] = mapped_column(String(300))
    venue: Mapped[str | None] = mapped_column(String(300))
    city: Mapped[str | None] = mapped_column(String(120))
    province: Mapped[str | None] = mapped_column(String(32), index=True)
    status: Mapped[str] = mapped_column(String(16), default=MeetingStatus.held.value)
    summary: Mapped[str | None] = mapped_column(Text)
    minutes: Mapped[str | None] = mapped_column(Text)
    source_text: Mapped[str | None] = mapped_column(Text)
    source_reference: Mapped[str | None] = mapped_column(String(500))
    lead_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )

    lead: Mapped[User | None] = relationship(foreign_keys=[lead_id], lazy="raise")
    participants: Mapped[list[Participant]] = relationship(
        back_populates="meeting",
        lazy="raise",
        cascade="all, delete-orphan",
        order_by="Participant.position",
    )
    presentations: Mapped[list[Presentation]] = relationship(
        back_populates="meeting",
        lazy="raise",
        cascade="all, delete-orphan",
        order_by="Presentation.position",
    )
    topics: Mapped[list[Topic]] = relationship(
        secondary=meeting_topic, lazy="raise", order_by="Topic.name"
    )

    def __repr__(self) -> str:
        return f"<Meeting {self.date} {self.title!r}>"


class Participant(Base):
    """A contact and/or organisation taking part in a meeting on one side.

    `affiliation_id` pins the title the person held that day, so later changes of post
    never rewrite history."""

    __tablename__ = "participant"
    __table_args__ = (
        enum_check("side", Side),
        enum_check("role", ParticipantRole),
        CheckConstraint(
            "contact_id IS NOT NULL OR organisation_id IS NOT NULL", name="someone_took_part"
        ),
        Index("ix_participant_organisation_id_meeting_id", "organisation_id", "meeting_id"),
        Index("ix_participant_contact_id_meeting_id", "contact_id", "meeting_id"),
        # A meeting's participants, with what the dashboard and reports count of them
        # (side, organisation) in the index itself: no table read per participant.
        Index(
            "ix_participant_meeting_id_side_organisation_id",
            "meeting_id",
            "side",
            "organisation_id",
        ),
    )

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id", ondelete="RESTRICT"))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT")
    )
    affiliation_id: Mapped[int | None] = mapped_column(
        ForeignKey("affiliation.id", ondelete="SET NULL")
    )
    side: Mapped[str] = mapped_column(String(16))
    role: Mapped[str] = mapped_column(String(20), default=ParticipantRole.attended.value)
    position: Mapped[int] = mapped_column(default=0)
    inferred_fields: Mapped[list[str]] = mapped_column(JSON, default=list)

    meeting: Mapped[Meeting] = relationship(back_populates="participants", lazy="raise")
    contact: Mapped[Contact | None] = relationship(lazy="raise")
    organisation: Mapped[Organisation | None] = relationship(lazy="raise")
    affiliation: Mapped[Affiliation | None] = relationship(lazy="raise")

    @property
    def role_label(self) -> str:
        return ParticipantRole(self.role).label

    @property
    def title_held(self) -> str | None:
        """The title the person held at the meeting, as lists print it."""
        held = self.affiliation
        if held is None:
            return None
        other_body = held.organisation_id != self.organisation_id
        return title_held(held.title, held.organisation.name if other_body else None)


def title_held(title: str, at_another_body: str | None) -> str:
    """A title as lists print it: "Director", or "Director, PSEB" when it was held at a
    body other than the one the person came for."""
    return f"{title}, {at_another_body}" if at_another_body else title


class Presentation(Base):
    """What was presented in a meeting, and by whom."""

    __tablename__ = "presentation"

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    presenter_contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contact.id", ondelete="RESTRICT"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True
    )
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("topic.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)

    meeting: Mapped[Meeting] = relationship(back_populates="presentations", lazy="raise")
    presenter: Mapped[Contact | None] = relationship(lazy="raise")
    organisation: Mapped[Organisation | None] = relationship(lazy="raise")
    topic: Mapped[Topic | None] = relationship(lazy="raise")


# Cached pages show these: every change to them moves the data generation (app.generation).
track(Meeting, Participant, meeting_topic)
