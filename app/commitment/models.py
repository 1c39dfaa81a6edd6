"""What was promised: pledges (either direction), action items we owe, and follow-ups."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ColumnElement,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    false,
    literal_column,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.commitment.recipients import recipient_label
from app.db import Base, TrackedMixin, enum_check
from app.generation import track

if TYPE_CHECKING:
    from app.account.models import User
    from app.contact.models import Contact
    from app.meeting.models import Meeting
    from app.organisation.models import Organisation
    from app.topic.models import Topic


def overdue(still_open: bool, due_date: date | None, today: date) -> bool:
    """A pledge, action or follow-up is overdue while it is open and its day has passed."""
    return still_open and due_date is not None and due_date < today


class PledgeKind(enum.StrEnum):
    support = "support"
    collaboration = "collaboration"
    deliverable = "deliverable"
    policy = "policy"


class PledgeStatus(enum.StrEnum):
    open = "open"
    in_progress = "in_progress"
    fulfilled = "fulfilled"
    lapsed = "lapsed"
    withdrawn = "withdrawn"

    @property
    def is_open(self) -> bool:
        return self in (PledgeStatus.open, PledgeStatus.in_progress)


# PostgreSQL's partial indexes of open pledges and action items spell these out
# (migration 4c8a2f7e9d13): a change here wants new indexes there.
OPEN_PLEDGE_STATUSES = (PledgeStatus.open.value, PledgeStatus.in_progress.value)


class ActionStatus(enum.StrEnum):
    open = "open"
    in_progress = "in_progress"
    done = "done"
    cancelled = "cancelled"


OPEN_ACTION_STATUSES = (ActionStatus.open.value, ActionStatus.in_progress.value)


class Priority(enum.StrEnum):
    low = "low"
    normal = "normal"
    high = "high"


class FollowUpStatus(enum.StrEnum):
    due = "due"
    done = "done"
    skipped = "skipped"


class Channel(enum.StrEnum):
    meeting = "meeting"
    call = "call"
    email = "email"
    letter = "letter"
    visit = "visit"
    event = "event"
    other = "other"


pledge_topic = Table(
    "pledge_topic",
    Base.metadata,
    Column("pledge_id", ForeignKey("pledge.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topic.id", ondelete="RESTRICT"), primary_key=True, index=True),
)


class _Commitment(Protocol):
    """What the rules below read of a pledge, action or follow-up, record or line."""

    @property
    def status(self) -> str: ...

    @property
    def due_date(self) -> date | None: ...


class _PledgeFields(_Commitment, Protocol):
    @property
    def to_all_stakeholders(self) -> bool: ...


class PledgeRules:
    """What a pledge answers from its own fields: one rule for the record and for its line
    (app.commitment.lines), which the same table macros show."""

    @property
    def is_open(self: _PledgeFields) -> bool:
        return PledgeStatus(self.status).is_open

    @property
    def recipient_label(self: _PledgeFields) -> str:
        """Who the pledge was made to, in words, when no organisation is recorded."""
        return recipient_label(self.to_all_stakeholders)

    def is_overdue(self: _PledgeFields, today: date) -> bool:
        return overdue(PledgeStatus(self.status).is_open, self.due_date, today)


class ActionRules:
    """What an action item answers from its own fields, record or line."""

    @property
    def is_open(self: _Commitment) -> bool:
        return self.status in OPEN_ACTION_STATUSES

    def is_overdue(self: _Commitment, today: date) -> bool:
        return overdue(self.status in OPEN_ACTION_STATUSES, self.due_date, today)


class FollowUpRules:
    """What a follow-up answers from its own fields, record or line."""

    def is_overdue(self: _Commitment, today: date) -> bool:
        return overdue(self.status == FollowUpStatus.due.value, self.due_date, today)


class Pledge(PledgeRules, TrackedMixin, Base):
    """A commitment made in a meeting by one party to another, tracked to fulfilment.
    With no recipient organisation it was made either to all stakeholders
    (`to_all_stakeholders`) or to someone the source does not name; the two are kept
    apart so a report never claims "all stakeholders" for a pledge nobody said that of."""

    __tablename__ = "pledge"
    __table_args__ = (
        enum_check("kind", PledgeKind),
        enum_check("status", PledgeStatus),
        # The maker too, and the due date in the next, so the dashboard's overdue pledges
        # by us and to us count from an index alone (27 and 90 ms to 1 or 2 at `large`).
        Index(
            "ix_pledge_status_due_date",
            "status",
            "due_date",
            "archived_at",
            "maker_organisation_id",
        ),
        # archived_at too, so the busiest makers (the register's filter) count from the
        # index alone: 38 ms to 3 at 60,000 pledges.
        Index(
            "ix_pledge_maker_organisation_id_status_archived_at",
            "maker_organisation_id",
            "status",
            "archived_at",
            "due_date",
        ),
        Index("ix_pledge_recipient_organisation_id_status", "recipient_organisation_id", "status"),
    )

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="RESTRICT"), index=True
    )
    maker_organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT")
    )
    maker_contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contact.id", ondelete="RESTRICT"), index=True
    )
    recipient_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT")
    )
    to_all_stakeholders: Mapped[bool] = mapped_column(default=False, server_default=false())
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16), default=PledgeKind.support.value)
    due_date: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(16), default=PledgeStatus.open.value)
    status_changed_at: Mapped[datetime | None]
    inferred_fields: Mapped[list[str]] = mapped_column(JSON, default=list)

    meeting: Mapped[Meeting] = relationship(lazy="raise")
    maker_organisation: Mapped[Organisation] = relationship(
        foreign_keys=[maker_organisation_id], lazy="raise"
    )
    maker_contact: Mapped[Contact | None] = relationship(lazy="raise")
    recipient_organisation: Mapped[Organisation | None] = relationship(
        foreign_keys=[recipient_organisation_id], lazy="raise"
    )
    topics: Mapped[list[Topic]] = relationship(
        secondary=pledge_topic, lazy="raise", order_by="Topic.name"
    )
    history: Mapped[list[PledgeStatusChange]] = relationship(
        back_populates="pledge",
        lazy="raise",
        cascade="all, delete-orphan",
        order_by="PledgeStatusChange.changed_at",
    )


class PledgeStatusChange(Base):
    """One step in a pledge's life, with the evidence that justified it."""

    __tablename__ = "pledge_status_change"
    __table_args__ = (
        enum_check("from_status", PledgeStatus, nullable=True),
        enum_check("to_status", PledgeStatus),
    )

    pledge_id: Mapped[int] = mapped_column(ForeignKey("pledge.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    changed_at: Mapped[datetime]
    changed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    evidence_note: Mapped[str | None] = mapped_column(Text)
    evidence_url: Mapped[str | None] = mapped_column(String(1000))
    evidence_meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="SET NULL")
    )

    pledge: Mapped[Pledge] = relationship(back_populates="history", lazy="raise")
    changed_by: Mapped[User | None] = relationship(lazy="raise")
    evidence_meeting: Mapped[Meeting | None] = relationship(lazy="raise")


class ActionItem(ActionRules, TrackedMixin, Base):
    """Something we owe, with an owner and a due date."""

    __tablename__ = "action_item"
    __table_args__ = (
        enum_check("status", ActionStatus),
        enum_check("priority", Priority),
        Index("ix_action_item_status_due_date", "status", "due_date", "archived_at"),
        Index("ix_action_item_owner_id_status_due_date", "owner_id", "status", "due_date"),
        Index(
            "ix_action_item_organisation_id_status_due_date",
            "organisation_id",
            "status",
            "due_date",
        ),
    )

    text: Mapped[str] = mapped_column(Text)
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="RESTRICT"), index=True
    )
    pledge_id: Mapped[int | None] = mapped_column(
        ForeignKey("pledge.id", ondelete="RESTRICT"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True
    )
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    due_date: Mapped[date | None]
    priority: Mapped[str] = mapped_column(String(8), default=Priority.normal.value)
    status: Mapped[str] = mapped_column(String(16), default=ActionStatus.open.value)
    completed_at: Mapped[datetime | None]

    meeting: Mapped[Meeting | None] = relationship(lazy="raise")
    pledge: Mapped[Pledge | None] = relationship(lazy="raise")
    organisation: Mapped[Organisation | None] = relationship(lazy="raise")
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id], lazy="raise")


class FollowUp(FollowUpRules, TrackedMixin, Base):
    """The next planned touch with an organisation and/or a contact."""

    __tablename__ = "follow_up"
    __table_args__ = (
        enum_check("status", FollowUpStatus),
        enum_check("channel", Channel),
        CheckConstraint(
            "organisation_id IS NOT NULL OR contact_id IS NOT NULL", name="has_someone"
        ),
        Index("ix_follow_up_status_due_date", "status", "due_date", "archived_at"),
        Index("ix_follow_up_owner_id_status_due_date", "owner_id", "status", "due_date"),
        # An organisation's follow-ups due, soonest first: read in order, not all sorted.
        Index(
            "ix_follow_up_organisation_id_status_due_date", "organisation_id", "status", "due_date"
        ),
    )

    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT")
    )
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contact.id", ondelete="RESTRICT"), index=True
    )
    due_date: Mapped[date]
    channel: Mapped[str] = mapped_column(String(16), default=Channel.meeting.value)
    purpose: Mapped[str] = mapped_column(Text)
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="RESTRICT"), index=True
    )
    pledge_id: Mapped[int | None] = mapped_column(
        ForeignKey("pledge.id", ondelete="RESTRICT"), index=True
    )
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), default=FollowUpStatus.due.value)
    completed_by_meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="SET NULL")
    )
    completed_at: Mapped[datetime | None]
    inferred_fields: Mapped[list[str]] = mapped_column(JSON, default=list)

    organisation: Mapped[Organisation | None] = relationship(lazy="raise")
    contact: Mapped[Contact | None] = relationship(lazy="raise")
    meeting: Mapped[Meeting | None] = relationship(foreign_keys=[meeting_id], lazy="raise")
    pledge: Mapped[Pledge | None] = relationship(lazy="raise")
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id], lazy="raise")
    completed_by_meeting: Mapped[Meeting | None] = relationship(
        foreign_keys=[completed_by_meeting_id], lazy="raise"
    )


# Cached pages show these: every change to them moves the data generation (app.generation).
track(Pledge, ActionItem, FollowUp, pledge_topic)


def _written_in(column: Mapped[str], values: tuple[str, ...]) -> ColumnElement[bool]:
    """`column IN (...)` with the values written into the SQL, not bound: SQLite uses a
    partial index only when the query's WHERE states the index's own condition, which a
    bound parameter cannot (the open pledges' and actions' indexes). The values are this
    module's constants, never input."""
    return column.in_([literal_column(f"'{value}'") for value in values])


def pledge_is_open() -> ColumnElement[bool]:
    return _written_in(Pledge.status, OPEN_PLEDGE_STATUSES)


def action_is_open() -> ColumnElement[bool]:
    return _written_in(ActionItem.status, OPEN_ACTION_STATUSES)
