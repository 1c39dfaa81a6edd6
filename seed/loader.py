"""Loads the reviewed seed files into the database. Idempotent: records are matched on
their natural keys (organisation name, contact name, topic slug, meeting source file) and
a record that already exists is left exactly as it is, so a second run changes nothing.
Topics, organisations and contacts are written through their domains' commands, held to
the rules the forms and the API are held to."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.commitment.models import FollowUp, Pledge, PledgeStatusChange
from app.commitment.recipients import means_all_stakeholders
from app.contact.commands import AffiliationCreate, ContactCreate, write_affiliation, write_contact
from app.contact.models import Affiliation, Contact
from app.db import utcnow
from app.meeting.models import Meeting, Participant, Presentation
from app.organisation.commands import OrganisationCreate, write_organisation
from app.organisation.models import Organisation
from app.topic.commands import TopicCreate, write_topic
from app.topic.models import Topic

SEED_DIR = Path(__file__).resolve().parent


@dataclass
class SeedReport:
    created: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str) -> None:
        self.created[kind] = self.created.get(kind, 0) + 1

    @property
    def total(self) -> int:
        return sum(self.created.values())


def _read(name: str) -> Any:
    return yaml.safe_load((SEED_DIR / name).read_text(encoding="utf-8"))


class _Loader:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.report = SeedReport()
        self.organisations: dict[str, Organisation] = {}
        self.contacts: dict[str, Contact] = {}
        self.topics: dict[str, Topic] = {}

    def _add(self, obj: Any, kind: str) -> None:
        self.session.add(obj)
        self.report.count(kind)

    def topics_from(self, rows: list[dict[str, Any]]) -> None:
        existing = {t.slug: t for t in self.session.scalars(select(Topic))}
        for row in rows:
            topic = existing.get(row["slug"])
            if topic is None:
                command = TopicCreate(
                    slug=row["slug"], name=row["name"], keywords=row.get("keywords", [])
                )
                topic = write_topic(self.session, None, command)
                self.report.count("topics")
            self.topics[row["slug"]] = topic

    def _find_organisation(self, name: str) -> Organisation | None:
        stmt = select(Organisation).where(func.lower(Organisation.name) == name.lower())
        return self.session.scalars(stmt).one_or_none()

    def organisations_from(self, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            org = self._find_organisation(row["name"])
            if org is None:
                parent = self.organisations[row["parent"]] if row.get("parent") else None
                command = OrganisationCreate(
                    name=row["name"],
                    acronym=row.get("acronym"),
                    kind=row["kind"],
                    parent_id=parent.id if parent else None,
                    province=row.get("province"),
                    city=row.get("city"),
                    description=row.get("basis"),
                    aliases=row.get("aliases", []),
                    # The reviewed seed is the record: a name like another's is meant.
                    create_anyway=True,
                )
                inferred = row.get("inferred", [])
                org = write_organisation(self.session, None, command, inferred=inferred)
                self.report.count("organisations")
            self.organisations[row["name"]] = org

    def contacts_from(self, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            stmt = select(Contact).where(func.lower(Contact.full_name) == row["full_name"].lower())
            contact = self.session.scalars(stmt).first()
            if contact is None:
                command = ContactCreate(full_name=row["full_name"], honorific=row.get("honorific"))
                contact = write_contact(self.session, None, command)
                for a in row["affiliations"]:
                    organisation_id = self.organisations[a["organisation"]].id
                    joined = AffiliationCreate(
                        contact_id=contact.id, organisation_id=organisation_id, title=a["title"]
                    )
                    write_affiliation(self.session, None, joined)
                self.report.count("contacts")
            self.contacts[row["full_name"]] = contact

    def _affiliation(self, contact: Contact, organisation: Organisation) -> Affiliation | None:
        stmt = select(Affiliation).where(
            Affiliation.contact_id == contact.id, Affiliation.organisation_id == organisation.id
        )
        return self.session.scalars(stmt).first()

    def meeting_from(self, row: dict[str, Any]) -> None:
        existing = self.session.scalars(
            select(Meeting).where(Meeting.source_reference == row["source_file"])
        ).first()
        if existing is not None:
            return
        self.session.flush()  # ids for affiliation look-ups
        meeting = Meeting(
            title=row["title"],
            kind=row["kind"],
            date=row["date"],
            date_confirmed=row["date_confirmed"],
            date_note=row.get("date_note"),
            venue=row.get("venue"),
            city=row.get("city"),
            province=row.get("province"),
            status=row["status"],
            summary=row.get("summary"),
            source_text=_source_text(row),
            source_reference=row["source_file"],
            topics=[self.topics[slug] for slug in row["topics"]],
        )
        meeting.participants = [self._participant(p, i) for i, p in enumerate(row["participants"])]
        meeting.presentations = [
            self._presentation(p, i) for i, p in enumerate(row.get("presentations", []))
        ]
        self._add(meeting, "meetings")
        for pledge_row in row.get("pledges", []):
            self._add(self._pledge(meeting, pledge_row), "pledges")
        for follow_row in row.get("follow_ups", []):
            self._add(self._follow_up(meeting, follow_row), "follow_ups")

    def _participant(self, row: dict[str, Any], position: int) -> Participant:
        org = self.organisations[row["organisation"]] if row.get("organisation") else None
        contact = self.contacts[row["contact"]] if row.get("contact") else None
        return Participant(
            contact=contact,
            organisation=org,
            affiliation=self._affiliation(contact, org) if contact and org else None,
            side=row["side"],
            role=row["role"],
            position=position,
            inferred_fields=row.get("inferred", []),
        )

    def _presentation(self, row: dict[str, Any], position: int) -> Presentation:
        return Presentation(
            title=row["title"],
            summary=row.get("summary"),
            presenter=self.contacts[row["presenter"]] if row.get("presenter") else None,
            organisation=self.organisations[row["organisation"]],
            topic=self.topics[row["topic"]] if row.get("topic") else None,
            position=position,
        )

    def _pledge(self, meeting: Meeting, row: dict[str, Any]) -> Pledge:
        named = row.get("recipient")
        to_all = means_all_stakeholders(named)
        recipient = self.organisations[named] if named and not to_all else None
        return Pledge(
            meeting=meeting,
            maker_organisation=self.organisations[row["maker"]],
            maker_contact=self.contacts[row["maker_contact"]] if row.get("maker_contact") else None,
            recipient_organisation=recipient,
            to_all_stakeholders=to_all,
            text=row["text"].strip(),
            kind=row["kind"],
            status="open",
            topics=[self.topics[slug] for slug in row.get("topics", [])],
            history=[
                PledgeStatusChange(
                    to_status="open",
                    changed_at=utcnow(),
                    evidence_note=f"Recorded from the source text {meeting.source_reference}.",
                )
            ],
        )

    def _follow_up(self, meeting: Meeting, row: dict[str, Any]) -> FollowUp:
        if meeting.date is None:
            raise ValueError(f"Seed meeting “{meeting.title}” has a follow-up but no date.")
        return FollowUp(
            organisation=self.organisations[row["organisation"]],
            meeting=meeting,
            due_date=meeting.date + timedelta(days=row["due_in_days"]),
            channel=row["channel"],
            purpose=row["purpose"].strip(),
            inferred_fields=row.get("inferred", []),
        )


def _source_text(row: dict[str, Any]) -> str:
    text = (SEED_DIR / "sources" / str(row["source_file"])).read_text(encoding="utf-8")
    cut: str | None = row.get("source_omit_from")
    if cut:
        text = text[: text.index(cut)]
    return text.strip()


def load_seed(session: Session) -> SeedReport:
    """Load every seed file inside the caller's transaction; the caller commits."""
    loader = _Loader(session)
    loader.topics_from(_read("topics.yaml"))
    loader.organisations_from(_read("organisations.yaml"))
    loader.contacts_from(_read("contacts.yaml"))
    for path in sorted((SEED_DIR / "meetings").glob("*.yaml")):
        loader.meeting_from(yaml.safe_load(path.read_text(encoding="utf-8")))
    session.flush()
    return loader.report
