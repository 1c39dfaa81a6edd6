"""Contacts (people) and their affiliations: a title at an organisation over a period."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, TrackedMixin
from app.generation import track

if TYPE_CHECKING:
    from app.organisation.models import Organisation


def display_name(honorific: str | None, full_name: str) -> str:
    """How pages and reports name a person: "Dr. Amna Siddiqui"."""
    return f"{honorific} {full_name}" if honorific else full_name


class Contact(TrackedMixin, Base):
    """A person. Titles live on affiliations, because officials change posts."""

    __tablename__ = "contact"

    honorific: Mapped[str | None] = mapped_column(String(40))
    full_name: Mapped[str] = mapped_column(String(200))
    emails: Mapped[list[str]] = mapped_column(JSON, default=list)
    phones: Mapped[list[str]] = mapped_column(JSON, default=list)
    notes: Mapped[str | None] = mapped_column(Text)
    # Set when the person asked to be forgotten: personal fields are anonymised.
    erased: Mapped[bool] = mapped_column(default=False)

    affiliations: Mapped[list[Affiliation]] = relationship(
        back_populates="contact", lazy="raise", order_by="Affiliation.start_date.desc()"
    )

    @property
    def display_name(self) -> str:
        return display_name(self.honorific, self.full_name)

    def __repr__(self) -> str:
        return f"<Contact {self.full_name!r}>"


class Affiliation(TrackedMixin, Base):
    """A contact's title at an organisation between two dates (either may be unknown)."""

    __tablename__ = "affiliation"
    __table_args__ = (
        CheckConstraint(
            "end_date IS NULL OR start_date IS NULL OR end_date >= start_date",
            name="dates_in_order",
        ),
    )

    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), index=True
    )
    # Indexed with end_date below: an organisation's people, its past ones latest first.
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="RESTRICT"))
    title: Mapped[str] = mapped_column(String(300))
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    is_primary: Mapped[bool] = mapped_column(default=True)
    inferred_fields: Mapped[list[str]] = mapped_column(JSON, default=list)

    contact: Mapped[Contact] = relationship(back_populates="affiliations", lazy="raise")
    organisation: Mapped[Organisation] = relationship(back_populates="affiliations", lazy="raise")

    def held_on(self, day: date | None) -> bool:
        """True when the title was held on `day`; open-ended periods count as held."""
        if day is None:
            return self.end_date is None
        started = self.start_date is None or self.start_date <= day
        not_ended = self.end_date is None or self.end_date >= day
        return started and not_ended

    @property
    def is_current(self) -> bool:
        return self.end_date is None and self.archived_at is None


Index("ix_contact_full_name_lower", func.lower(Contact.full_name))
Index("ix_affiliation_organisation_id_end_date", Affiliation.organisation_id, Affiliation.end_date)

# Cached pages show these: every change to them moves the data generation (app.generation).
track(Contact, Affiliation)
