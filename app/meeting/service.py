"""Writing meetings: one function per command (app.meeting.commands), holding every rule
whichever door the command came in by (the form, the API, `engage ingest --save`, the
seed). A refused command raises FormInvalid before anything is written, with a message
per field named by its path in the command (`participants.1.contact`). Pledges, action
items and follow-ups made in the meeting are written by the commitment commands.
Nothing here commits."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.account.models import User
from app.api.resource import assign
from app.archive import archive, restore
from app.commitment.commands import (
    NO_ONE_TO_FOLLOW_UP,
    ActionItemCreate,
    FollowUpCreate,
    PledgeCreate,
    write_action,
    write_follow_up,
    write_pledge,
)
from app.commitment.models import ActionItem, FollowUp, FollowUpStatus, Pledge
from app.commitment.service import stamp_completion
from app.concurrency import ensure_current
from app.contact.commands import ContactCreate, write_contact
from app.contact.models import Affiliation, Contact
from app.errors import FormInvalid, NotFound
from app.meeting.commands import (
    ArchiveMeeting,
    CreateMeeting,
    MeetingParticipant,
    NewContact,
    NewOrganisation,
    RestoreMeeting,
    UpdateMeeting,
)
from app.meeting.models import Meeting, Participant, Presentation, Side
from app.organisation.commands import OrganisationCreate, write_organisation
from app.organisation.models import Organisation
from app.topic.models import Topic

ENDS_BEFORE_IT_STARTS = "The meeting cannot end before it starts."
CONFIRMED_WITHOUT_DATE = "Enter the date, or untick “date confirmed”."
NOT_STAFF = "Choose a member of staff from the list."
NO_ONE_TOOK_PART = "Name an organisation or a person."
TITLE_WITHOUT_PERSON = "A title belongs to a person: name them too."

# What each id-carrying field of a command (or of its rows) names.
REFERENCES = {
    "organisation": Organisation,
    "maker": Organisation,
    "recipient": Organisation,
    "contact": Contact,
    "presenter": Contact,
    "maker_contact": Contact,
    "topic_id": Topic,
    "topic_ids": Topic,
    "lead_id": User,
    "owner_id": User,
}
ROWS = ("participants", "presentations", "pledges", "actions", "follow_ups")
Command = CreateMeeting | UpdateMeeting


def create_meeting(session: Session, command: CreateMeeting) -> Meeting:
    found = _check(session, command, None)
    meeting = Meeting(participants=[], presentations=[], topics=[])
    _write(session, meeting, command, found)
    if found.follow_up is not None and found.follow_up.status == FollowUpStatus.due.value:
        found.follow_up.status = FollowUpStatus.done.value
        found.follow_up.completed_by_meeting_id = meeting.id
        stamp_completion(found.follow_up, done=True)
    session.flush()
    return meeting


def update_meeting(session: Session, meeting: Meeting, command: UpdateMeeting) -> Meeting:
    found = _check(session, command, meeting)
    ensure_current(session, meeting, command.version)
    _write(session, meeting, command, found)
    session.flush()
    return meeting


def archive_meeting(session: Session, command: ArchiveMeeting) -> Meeting:
    """The meeting and what came out of it: a meeting archived (logged twice, or by
    mistake) whose pledges, actions and follow-ups stayed in the registers and the
    dashboard's figures still asked for them to be kept."""
    meeting = _meeting(session, command.meeting_id)
    archive(meeting)
    for item in _its_commitments(session, meeting.id, archived_at=None):
        item.archived_at = meeting.archived_at  # the same moment: restored with it
    session.flush()
    return meeting


def restore_meeting(session: Session, command: RestoreMeeting) -> Meeting:
    """The meeting, and what came out of it that was archived with it (not what was
    archived on its own before)."""
    meeting = _meeting(session, command.meeting_id)
    archived_at = meeting.archived_at
    restore(meeting)
    if archived_at is not None:
        for item in _its_commitments(session, meeting.id, archived_at=archived_at):
            item.archived_at = None
    session.flush()
    return meeting


def _its_commitments(
    session: Session, meeting_id: int, *, archived_at: datetime | None
) -> list[Pledge | ActionItem | FollowUp]:
    """The meeting's pledges, actions and follow-ups archived at `archived_at` (None:
    those not archived), loaded as records so that their history and the kept figures
    follow the change."""
    items: list[Pledge | ActionItem | FollowUp] = []
    for model in (Pledge, ActionItem, FollowUp):
        when = (
            model.archived_at.is_(None) if archived_at is None else model.archived_at == archived_at
        )
        items.extend(session.scalars(select(model).where(model.meeting_id == meeting_id, when)))
    return items


# As the archive routes and the API resource call them, with the meeting they loaded.
def archive_loaded(session: Session, meeting: Meeting) -> Meeting:
    return archive_meeting(session, ArchiveMeeting(meeting_id=meeting.id))


def restore_loaded(session: Session, meeting: Meeting) -> Meeting:
    return restore_meeting(session, RestoreMeeting(meeting_id=meeting.id))


def _meeting(session: Session, meeting_id: int) -> Meeting:
    # The doors have loaded it already: this is read from the session, not the database.
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound(f"There is no meeting with id {meeting_id}.")
    return meeting


# ---- the rules: all checked, and every problem collected, before anything is written ----


@dataclass
class _Found:
    """The records a command names by id, loaded once each."""

    records: dict[type, dict[int, Any]] = field(default_factory=dict)
    follow_up: FollowUp | None = None

    def get(self, model: type, record_id: int) -> Any:
        return self.records[model][record_id]


def _named(command: Command) -> Iterator[tuple[str, type, Any]]:
    """(path, model, id or create spec) for every record the command names."""
    items: list[tuple[str, BaseModel]] = [("", command)]
    for group in ROWS:
        items += [(f"{group}.{n}.", row) for n, row in enumerate(getattr(command, group))]
    for prefix, item in items:
        for name, model in REFERENCES.items():
            value = getattr(item, name, None)
            for one in value if isinstance(value, list) else [value]:
                if one is not None:
                    yield f"{prefix}{name}", model, one


def _references(command: Command) -> Iterator[tuple[str, type, int]]:
    return ((path, model, v) for path, model, v in _named(command) if isinstance(v, int))


def _load(session: Session, command: Command, errors: dict[str, str]) -> _Found:
    wanted: dict[type, set[int]] = defaultdict(set)
    for _, model, record_id in _references(command):
        wanted[model].add(record_id)
    found = _Found()
    for model in (Organisation, Contact, Topic, User):
        stmt = select(model).where(model.id.in_(wanted[model]))
        if model is Contact:
            stmt = stmt.options(selectinload(Contact.affiliations))
        rows = session.scalars(stmt).all() if wanted[model] else []
        # Staff are named only while they can sign in.
        found.records[model] = {r.id: r for r in rows if getattr(r, "active", True)}
    for path, model, record_id in _references(command):
        if record_id not in found.records[model]:
            noun = model.__name__.lower()
            message = NOT_STAFF if model is User else f"There is no {noun} with id {record_id}."
            errors.setdefault(path, message)
    follow_up_id = getattr(command, "completes_follow_up_id", None)
    if follow_up_id is not None:
        found.follow_up = session.get(FollowUp, follow_up_id)
        if found.follow_up is None:
            errors["completes_follow_up_id"] = f"There is no follow-up with id {follow_up_id}."
    return found


def rule_problems(values: dict[str, Any]) -> dict[str, str]:
    """The rules that need no database, on the values a meeting will have (its fields,
    and its `participants` and `follow_ups` as dicts). The form also asks them of a form
    that cannot become a command yet, so that every problem shows at once."""
    errors: dict[str, str] = {}
    if values.get("date") is None and values.get("date_confirmed"):
        errors["date"] = CONFIRMED_WITHOUT_DATE
    start, end = values.get("start_time"), values.get("end_time")
    if start and end and end < start:
        errors["end_time"] = ENDS_BEFORE_IT_STARTS
    for n, p in enumerate(values.get("participants", [])):
        if p["organisation"] is None and p["contact"] is None:
            errors[f"participants.{n}.organisation"] = NO_ONE_TOOK_PART
        if p["title"] and p["contact"] is None:
            errors[f"participants.{n}.title"] = TITLE_WITHOUT_PERSON
    for n, f in enumerate(values.get("follow_ups", [])):
        if f["organisation"] is None and f["contact"] is None:
            errors[f"follow_ups.{n}.organisation"] = NO_ONE_TO_FOLLOW_UP
    return errors


def _check(session: Session, command: Command, meeting: Meeting | None) -> _Found:
    def after(name: str) -> Any:
        """The value the meeting will have once the command is applied."""
        if meeting is None or name in command.model_fields_set:
            return getattr(command, name)
        return getattr(meeting, name)

    values: dict[str, Any] = {
        name: after(name) for name in ("date", "date_confirmed", "start_time", "end_time")
    }
    for group in ("participants", "follow_ups"):
        values[group] = [row.model_dump() for row in getattr(command, group)]
    errors = rule_problems(values)
    # Reading must not write: an API update has already stamped the meeting's updated_at.
    with session.no_autoflush:
        found = _load(session, command, errors)
    if errors:
        raise FormInvalid(errors)
    return found


# ---- writing ----------------------------------------------------------------------


class _Records:
    """The command's references as records: loaded ones, or made once per create spec.
    New ones are made by the organisation and contact domains' own write functions."""

    def __init__(self, session: Session, found: _Found) -> None:
        self.session, self.found = session, found
        self.new_orgs: dict[NewOrganisation, Organisation] = {}
        self.new_people: dict[NewContact, Contact] = {}

    def organisation(self, ref: int | NewOrganisation | None) -> Organisation | None:
        if isinstance(ref, int):
            loaded: Organisation = self.found.get(Organisation, ref)
            return loaded
        if ref is None:
            return None
        if ref not in self.new_orgs:
            command = OrganisationCreate(
                name=ref.name,
                kind=ref.kind,
                acronym=ref.acronym,
                aliases=list(ref.aliases),
                create_anyway=True,
            )
            self.new_orgs[ref] = write_organisation(self.session, None, command)
        return self.new_orgs[ref]

    def contact(self, ref: int | NewContact | None) -> Contact | None:
        if isinstance(ref, int):
            loaded: Contact = self.found.get(Contact, ref)
            return loaded
        if ref is None:
            return None
        if ref not in self.new_people:
            person = ContactCreate(full_name=ref.full_name, honorific=ref.honorific)
            self.new_people[ref] = write_contact(self.session, None, person)
        return self.new_people[ref]


def _write(session: Session, meeting: Meeting, command: Command, found: _Found) -> None:
    records = _Records(session, found)
    # New organisations and people first: their saving flushes, and the meeting must not
    # be half made when it does.
    for _, _model, value in _named(command):
        if isinstance(value, NewOrganisation):
            records.organisation(value)
        elif isinstance(value, NewContact):
            records.contact(value)
    creating = meeting.id is None
    session.add(meeting)
    assign(meeting, command, skip=(*ROWS, "topic_ids", "completes_follow_up_id", "version"))
    if creating or "topic_ids" in command.model_fields_set:
        meeting.topics = [found.get(Topic, t) for t in dict.fromkeys(command.topic_ids)]
    if creating or "participants" in command.model_fields_set:
        meeting.participants = [
            _participant(meeting, p, n, records) for n, p in enumerate(command.participants)
        ]
    if creating or "presentations" in command.model_fields_set:
        meeting.presentations = [
            Presentation(
                title=p.title,
                summary=p.summary,
                presenter=records.contact(p.presenter),
                organisation=records.organisation(p.organisation),
                topic_id=p.topic_id,
                position=n,
            )
            for n, p in enumerate(command.presentations)
        ]
    session.flush()
    _add_outcomes(session, meeting, command, records)


def _participant(
    meeting: Meeting, item: MeetingParticipant, position: int, records: _Records
) -> Participant:
    org, contact = records.organisation(item.organisation), records.contact(item.contact)
    affiliation = None
    if contact is not None and org is not None:
        affiliation = _affiliation_for(contact, org, item.title, meeting.date)
    return Participant(
        contact=contact,
        organisation=org,
        affiliation=affiliation,
        side=item.side.value,
        role=item.role.value,
        position=position,
        inferred_fields=item.inferred_fields,
    )


def _same_org(affiliation: Affiliation, org: Organisation) -> bool:
    # Stored affiliations are compared by id (their organisation is not loaded); ones made
    # by this command hold the organisation object itself.
    if affiliation.organisation_id is not None:
        return affiliation.organisation_id == org.id
    return affiliation.organisation is org


def _affiliation_for(
    contact: Contact, org: Organisation, title: str | None, day: date | None
) -> Affiliation | None:
    """The title held on the meeting's date; a newly typed title becomes a new affiliation."""
    held = [
        a
        for a in contact.affiliations
        if _same_org(a, org) and a.held_on(day) and a.archived_at is None
    ]
    if title and not any(a.title == title for a in held):
        affiliation = Affiliation(organisation=org, title=title, start_date=day)
        contact.affiliations.append(affiliation)
        return affiliation
    return held[0] if held else None


def _id(record: Any) -> int | None:
    return None if record is None else record.id


def _add_outcomes(session: Session, meeting: Meeting, command: Command, records: _Records) -> None:
    for p in command.pledges:
        pledge = PledgeCreate(
            meeting_id=meeting.id,
            maker_organisation_id=records.organisation(p.maker).id,  # type: ignore[union-attr]
            maker_contact_id=_id(records.contact(p.maker_contact)),
            recipient_organisation_id=_id(records.organisation(p.recipient)),
            to_all_stakeholders=p.to_all_stakeholders,
            text=p.text,
            kind=p.kind,
            due_date=p.due_date,
            topic_ids=p.topic_ids,
        )
        write_pledge(session, None, pledge, note=p.evidence_note)
    # An action item from a meeting concerns the first organisation across the table
    # (participants are flushed by now: their ids are set).
    counterpart = next(
        (
            p.organisation_id
            for p in meeting.participants
            if p.side == Side.counterpart.value and p.organisation_id is not None
        ),
        None,
    )
    for a in command.actions:
        action = ActionItemCreate(
            meeting_id=meeting.id,
            organisation_id=counterpart,
            text=a.text,
            owner_id=a.owner_id,
            due_date=a.due_date,
            priority=a.priority,
        )
        write_action(session, None, action)
    for f in command.follow_ups:
        follow_up = FollowUpCreate(
            meeting_id=meeting.id,
            organisation_id=_id(records.organisation(f.organisation)),
            contact_id=_id(records.contact(f.contact)),
            due_date=f.due_date,
            channel=f.channel,
            purpose=f.purpose,
            owner_id=f.owner_id,
        )
        written = write_follow_up(session, None, follow_up)
        if f.inferred_fields:
            written.inferred_fields = f.inferred_fields
