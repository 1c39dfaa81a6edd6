"""The stored keys organisations and people are found by (app.matching.keys says what
they are; app.matching.upkeep keeps them current). Each table's primary key starts with
(kind, key), so every lookup is one index search that reads only the rows it returns."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, String, Table

from app.db import Base

organisation_name_key = Table(
    "organisation_name_key",
    Base.metadata,
    Column("kind", String(8), primary_key=True),
    Column("key", String(), primary_key=True),
    Column(
        "organisation_id",
        ForeignKey("organisation.id", ondelete="CASCADE"),
        primary_key=True,
    ),
)
Index("ix_organisation_name_key_organisation_id", organisation_name_key.c.organisation_id)

contact_name_key = Table(
    "contact_name_key",
    Base.metadata,
    Column("kind", String(8), primary_key=True),
    Column("key", String(), primary_key=True),
    Column("contact_id", ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True),
)
Index("ix_contact_name_key_contact_id", contact_name_key.c.contact_id)
