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

from app.commitment.recipients import means_all_stakeholders
from app.contact.commands import AffiliationCreate, ContactCreate, write_affiliation, write_contact
from app.contact.models import Affiliation, Contact
from app.meeting.commands import (
    CreateMeeting,
    MeetingFollowUp,
    MeetingParticipant,
    MeetingPledge,
    MeetingPresentation,
)
from app.meeting.models import Meeting
from app.meeting.service import create_meeting
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
        self.session.flush()  # ids for the records the meeting names
        pledges, follow_ups = row.get("pledges", []), row.get("follow_ups", [])
        command = CreateMeeting(
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
            topic_ids=[self.topics[slug].id for slug in row["topics"]],
            participants=[
                MeetingParticipant(
                    organisation=self._org_id(p.get("organisation")),
                    contact=self._contact_id(p.get("contact")),
                    side=p["side"],
                    role=p["role"],
                    inferred_fields=p.get("inferred", []),
                )
                for p in row["participants"]
            ],
            presentations=[
                MeetingPresentation(
                    title=p["title"],
                    summary=p.get("summary"),
                    presenter=self._contact_id(p.get("presenter")),
                    organisation=self._org_id(p["organisation"]),
                    topic_id=self.topics[p["topic"]].id if p.get("topic") else None,
                )
                for p in row.get("presentations", [])
            ],
            pledges=[self._pledge(row["source_file"], p) for p in pledges],
            follow_ups=[
                MeetingFollowUp(
                    organisation=self._org_id(f["organisation"]),
                    due_date=row["date"] + timedelta(days=f["due_in_days"]),
                    channel=f["channel"],
                    purpose=f["purpose"].strip(),
                    inferred_fields=f.get("inferred", []),
                )
                for f in follow_ups
            ],
        )
        create_meeting(self.session, command)
        for kind, made in (("meetings", [row]), ("pledges", pledges), ("follow_ups", follow_ups)):
            for _ in made:
                self.report.count(kind)

    def _org_id(self, name: str | None) -> int | None:
        return self.organisations[name].id if name else None

    def _contact_id(self, name: str | None) -> int | None:
        return self.contacts[name].id if name else None

    def _pledge(self, source_file: str, row: dict[str, Any]) -> MeetingPledge:
        named = row.get("recipient")
        to_all = means_all_stakeholders(named)
        return MeetingPledge(
            maker=self.organisations[row["maker"]].id,
            maker_contact=self._contact_id(row.get("maker_contact")),
            recipient=None if to_all else self._org_id(named),
            to_all_stakeholders=to_all,
            text=row["text"].strip(),
            kind=row["kind"],
            topic_ids=[self.topics[slug].id for slug in row.get("topics", [])],
            evidence_note=f"Recorded from the source text {source_file}.",
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
