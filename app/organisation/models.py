"""Organisations: the partner bodies we meet, with aliases and a place in the hierarchy."""

from __future__ import annotations

import enum
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, TrackedMixin, enum_check
from app.generation import track

if TYPE_CHECKING:
    from app.contact.models import Affiliation


class OrganisationKind(enum.StrEnum):
    federal_government = "federal_government"
    provincial_government = "provincial_government"
    public_authority = "public_authority"
    industry_association = "industry_association"
    company = "company"
    academia = "academia"
    fund_or_investor = "fund_or_investor"
    programme = "programme"
    development_partner = "development_partner"
    civil_society = "civil_society"
    media = "media"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS = {
    OrganisationKind.federal_government: "Federal government",
    OrganisationKind.provincial_government: "Provincial government",
    OrganisationKind.public_authority: "Public authority",
    OrganisationKind.industry_association: "Industry association",
    OrganisationKind.company: "Company",
    OrganisationKind.academia: "Academia",
    OrganisationKind.fund_or_investor: "Fund or investor",
    OrganisationKind.programme: "Programme",
    OrganisationKind.development_partner: "Development partner",
    OrganisationKind.civil_society: "Civil society",
    OrganisationKind.media: "Media",
}


class Province(enum.StrEnum):
    punjab = "punjab"
    sindh = "sindh"
    khyber_pakhtunkhwa = "khyber_pakhtunkhwa"
    balochistan = "balochistan"
    islamabad_capital_territory = "islamabad_capital_territory"
    gilgit_baltistan = "gilgit_baltistan"
    azad_jammu_kashmir = "azad_jammu_kashmir"
    national = "national"
    international = "international"

    @property
    def label(self) -> str:
        return PROVINCE_LABELS[self]

    @classmethod
    def label_of(cls, value: str | None) -> str | None:
        """The label of a stored province, or None where none is recorded."""
        return cls(value).label if value else None


PROVINCE_LABELS = {
    Province.punjab: "Punjab",
    Province.sindh: "Sindh",
    Province.khyber_pakhtunkhwa: "Khyber Pakhtunkhwa",
    Province.balochistan: "Balochistan",
    Province.islamabad_capital_territory: "Islamabad Capital Territory",
    Province.gilgit_baltistan: "Gilgit-Baltistan",
    Province.azad_jammu_kashmir: "Azad Jammu and Kashmir",
    Province.national: "National",
    Province.international: "International",
}


class Stance(enum.StrEnum):
    champion = "champion"
    supportive = "supportive"
    neutral = "neutral"
    sceptical = "sceptical"
    opposed = "opposed"


class Organisation(TrackedMixin, Base):
    """A partner body. `inferred_fields` names the fields that were inferred rather than
    read from a source (seed provenance rule)."""

    __tablename__ = "organisation"
    __table_args__ = (
        enum_check("kind", OrganisationKind),
        enum_check("province", Province, nullable=True),
        enum_check("stance", Stance, nullable=True),
        CheckConstraint("influence IS NULL OR influence BETWEEN 1 AND 5", name="influence_range"),
        CheckConstraint("interest IS NULL OR interest BETWEEN 1 AND 5", name="interest_range"),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
    )

    name: Mapped[str] = mapped_column(String(300))
    acronym: Mapped[str | None] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(32), index=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True
    )
    province: Mapped[str | None] = mapped_column(String(32), index=True)
    city: Mapped[str | None] = mapped_column(String(120))
    website: Mapped[str | None] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    influence: Mapped[int | None]
    interest: Mapped[int | None]
    stance: Mapped[str | None] = mapped_column(String(16))
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    inferred_fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The date of the latest held meeting it took part in: derived data, kept current by
    # app.organisation.last_met in the same transaction as any change that affects it, so
    # "going cold" is an indexed read rather than an aggregate over every participant.
    last_met_on: Mapped[date | None] = mapped_column(index=True)

    parent: Mapped[Organisation | None] = relationship(
        remote_side="Organisation.id", back_populates="children", lazy="raise"
    )
    children: Mapped[list[Organisation]] = relationship(back_populates="parent", lazy="raise")
    aliases: Mapped[list[OrganisationAlias]] = relationship(
        back_populates="organisation",
        lazy="raise",
        cascade="all, delete-orphan",
        order_by="OrganisationAlias.alias",
    )
    affiliations: Mapped[list[Affiliation]] = relationship(
        back_populates="organisation", lazy="raise"
    )

    @property
    def kind_label(self) -> str:
        return OrganisationKind(self.kind).label

    @property
    def province_label(self) -> str | None:
        return Province.label_of(self.province)

    @property
    def display_name(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def __repr__(self) -> str:
        return f"<Organisation {self.name!r}>"


class OrganisationAlias(Base):
    """Another name the same body goes by (PASHA / P@SHA / Pakistan Software Houses
    Association). Kept as rows so that search and duplicate checks can use an index."""

    __tablename__ = "organisation_alias"

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    alias: Mapped[str] = mapped_column(String(300))

    organisation: Mapped[Organisation] = relationship(back_populates="aliases", lazy="raise")


# Names are unique regardless of case, in the database itself.
Index("uq_organisation_name_lower", func.lower(Organisation.name), unique=True)
Index("ix_organisation_alias_alias_lower", func.lower(OrganisationAlias.alias))
# The authority itself is found by its name or acronym in any case (home_organisation_id),
# on every dashboard and register: by index, not by reading every organisation.
Index("ix_organisation_acronym_lower", func.lower(Organisation.acronym))

# Cached pages show these: every change to them moves the data generation (app.generation).
track(Organisation, OrganisationAlias)
