"""Documents kept with a record: the signed MoU, the minutes, the slides, the photos.

A file's bytes are stored once, in the database (`DocumentFile`, keyed by their SHA-256),
however many records it is attached to: every app process on every machine finds it,
`engage backup` and `engage restore` carry it, and it commits or rolls back with the record
it belongs to. A `Document` is one attachment of a file to one meeting, organisation,
contact or pledge, with its own kind, title and date.
"""

from __future__ import annotations

import enum
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, TrackedMixin, enum_check
from app.generation import track

if TYPE_CHECKING:
    from app.account.models import User
    from app.meeting.models import Meeting
    from app.organisation.models import Organisation


class DocumentKind(enum.StrEnum):
    minutes = "minutes"
    agreement = "agreement"
    presentation = "presentation"
    press_release = "press_release"
    photo = "photo"
    letter = "letter"
    other = "other"

    @property
    def label(self) -> str:
        return {
            "minutes": "Minutes",
            "agreement": "MoU or agreement",
            "presentation": "Presentation",
            "press_release": "Press release",
            "photo": "Photo",
            "letter": "Letter",
            "other": "Other",
        }[self.value]


class TextState(enum.StrEnum):
    """Whether the file's words could be read for search (and drafting)."""

    read = "read"
    none = "none"  # a scan or a photo: no text layer
    unreadable = "unreadable"  # damaged, protected or past the reading limits
    not_text = "not_text"  # a kind of file Engage does not read (images, other)


class DocumentFile(Base):
    """The bytes of one file, stored once whatever it is attached to. Never changed once
    stored; its attachments (Document) carry the audit trail."""

    __tablename__ = "document_file"
    __audited__ = False

    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int]
    media_type: Mapped[str] = mapped_column(String(100))
    # Deferred: a list of documents never loads the bytes.
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    text: Mapped[str | None] = mapped_column(Text, deferred=True)
    text_state: Mapped[str] = mapped_column(String(16))
    text_note: Mapped[str | None] = mapped_column(String(300))  # why no text, for people

    __table_args__ = (enum_check("text_state", TextState),)

    @property
    def type_name(self) -> str:
        return TYPE_NAMES.get(self.media_type, "File")

    @property
    def size_label(self) -> str:
        return size_label(self.size)


TYPE_NAMES = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "text/plain": "Text",
    "image/png": "PNG image",
    "image/jpeg": "JPEG image",
    "image/gif": "GIF image",
    "image/webp": "WebP image",
    "application/zip": "Zip archive",
}


def size_label(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


OWNERS = ("meeting_id", "organisation_id", "contact_id", "pledge_id")


class Document(TrackedMixin, Base):
    """One file attached to one record."""

    __tablename__ = "document"
    __table_args__ = (
        enum_check("kind", DocumentKind),
        CheckConstraint(
            " + ".join(f"(CASE WHEN {o} IS NULL THEN 0 ELSE 1 END)" for o in OWNERS) + " = 1",
            name="one_owner",
        ),
        Index("ix_document_meeting_id", "meeting_id"),
        Index("ix_document_organisation_id", "organisation_id"),
        Index("ix_document_contact_id", "contact_id"),
        Index("ix_document_pledge_id", "pledge_id"),
        Index("ix_document_file_id", "file_id"),
    )

    file_id: Mapped[int] = mapped_column(ForeignKey("document_file.id", ondelete="RESTRICT"))
    kind: Mapped[str] = mapped_column(String(16), default=DocumentKind.other.value)
    title: Mapped[str] = mapped_column(String(300))
    document_date: Mapped[date | None]
    filename: Mapped[str] = mapped_column(String(255))  # as uploaded; shown, never a path
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="RESTRICT"))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT")
    )
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id", ondelete="RESTRICT"))
    pledge_id: Mapped[int | None] = mapped_column(ForeignKey("pledge.id", ondelete="RESTRICT"))

    file: Mapped[DocumentFile] = relationship(lazy="raise")
    meeting: Mapped[Meeting | None] = relationship(lazy="raise")
    organisation: Mapped[Organisation | None] = relationship(lazy="raise")
    created_by: Mapped[User | None] = relationship(
        foreign_keys="Document.created_by_id", lazy="raise"
    )

    @property
    def kind_label(self) -> str:
        return DocumentKind(self.kind).label

    # The file's facts, read through the attachment (the API's fields).
    @property
    def media_type(self) -> str:
        return self.file.media_type

    @property
    def size(self) -> int:
        return self.file.size

    @property
    def text_state(self) -> str:
        return self.file.text_state


# Record pages list their documents: every change moves the data generation.
track(Document)
