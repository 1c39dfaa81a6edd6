"""Saving a meeting form: the meeting, its participants, presentations and what came out
of it, creating organisations and contacts typed in the form, all in one transaction."""

from __future__ import annotations

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.account.queries import active_users
from app.commitment.models import ActionItem, FollowUp, FollowUpStatus, Pledge, PledgeStatusChange
from app.concurrency import ensure_current
from app.contact.models import Affiliation, Contact
from app.db import utcnow
from app.errors import FormInvalid
from app.matching import ContactMatcher, OrganisationMatcher, normalise, person_key
from app.meeting.form import ContactRef, FormState, MeetingInput, OrgRef, resolve
from app.meeting.models import Meeting, Participant, Presentation, Side
from app.organisation.models import Organisation
from app.topic.models import Topic


class _Records:
    """Finds or creates the organisations and contacts a form names, once each."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.orgs: dict[str, Organisation] = {}
        self.contacts: dict[str, Contact] = {}

    def organisation(self, ref: OrgRef | None) -> Organisation | None:
        if ref is None:
            return None
        key = f"id:{ref.match.id}" if ref.match.id else normalise(ref.name)
        if key not in self.orgs:
            if ref.match.id:
                self.orgs[key] = self.session.get_one(Organisation, ref.match.id)
            else:
                org = Organisation(name=ref.name, kind=ref.kind or "company")
                self.session.add(org)
                self.orgs[key] = org
        return self.orgs[key]

    def contact(self, ref: ContactRef | None) -> Contact | None:
        if ref is None:
            return None
        key = f"id:{ref.match.id}" if ref.match.id else person_key(ref.name)
        if key not in self.contacts:
            if ref.match.id:
                stmt = (
                    select(Contact)
                    .where(Contact.id == ref.match.id)
                    .options(selectinload(Contact.affiliations))
                )
                self.contacts[key] = self.session.scalars(stmt).one()
            else:
                honorific, name = _split_honorific(ref.name)
                contact = Contact(full_name=name, honorific=honorific, affiliations=[])
                self.session.add(contact)
                self.contacts[key] = contact
        return self.contacts[key]


HONORIFICS = (
    "Dr.",
    "Dr",
    "Mr.",
    "Mr",
    "Ms.",
    "Ms",
    "Mrs.",
    "Mrs",
    "Engr.",
    "Engr",
    "Prof.",
    "Prof",
)


def _split_honorific(name: str) -> tuple[str | None, str]:
    first, _, rest = name.partition(" ")
    if first in HONORIFICS and rest:
        return first.rstrip("."), rest.strip()
    return None, name


def _same_org(affiliation: Affiliation, org: Organisation) -> bool:
    # Stored affiliations are compared by id (their organisation is not loaded); ones made
    # in this form hold the organisation object itself.
    if affiliation.organisation_id is not None:
        return affiliation.organisation_id == org.id
    return affiliation.organisation is org


def _affiliation_for(
    contact: Contact, org: Organisation, title: str | None, meeting: Meeting
) -> Affiliation | None:
    """The title held on the meeting's date; a newly typed title becomes a new affiliation."""
    held = [
        a
        for a in contact.affiliations
        if _same_org(a, org) and a.held_on(meeting.date) and a.archived_at is None
    ]
    if title and not any(a.title == title for a in held):
        affiliation = Affiliation(organisation=org, title=title, start_date=meeting.date)
        contact.affiliations.append(affiliation)
        return affiliation
    return held[0] if held else None


def save_meeting(
    session: Session,
    data: MeetingInput,
    meeting: Meeting | None = None,
    *,
    from_follow_up: FollowUp | None = None,
) -> Meeting:
    if meeting is None:
        meeting = Meeting(participants=[], presentations=[], topics=[])
        session.add(meeting)
    else:
        ensure_current(session, meeting, data.version)
    for name, value in data.fields.items():
        setattr(meeting, name, value)
    meeting.topics = list(session.scalars(select(Topic).where(Topic.id.in_(data.topic_ids))))
    records = _Records(session)
    _set_participants(meeting, data, records)
    meeting.presentations = [
        Presentation(
            title=p["title"],
            presenter=records.contact(p["presenter"]),
            organisation=records.organisation(p["organisation"]),
            topic_id=p["topic_id"],
            position=n,
        )
        for n, p in enumerate(data.presentations)
    ]
    session.flush()
    _add_outcomes(session, meeting, data, records)
    if from_follow_up is not None and from_follow_up.status == FollowUpStatus.due.value:
        from_follow_up.status = FollowUpStatus.done.value
        from_follow_up.completed_at = utcnow()
        from_follow_up.completed_by_meeting_id = meeting.id
    session.flush()
    return meeting


def _set_participants(meeting: Meeting, data: MeetingInput, records: _Records) -> None:
    participants = []
    for n, row in enumerate(data.participants):
        org = records.organisation(row.organisation)
        contact = records.contact(row.contact)
        affiliation = None
        if contact is not None and org is not None and row.contact is not None:
            affiliation = _affiliation_for(contact, org, row.contact.title, meeting)
        participants.append(
            Participant(
                contact=contact,
                organisation=org,
                affiliation=affiliation,
                side=row.side,
                role=row.role,
                position=n,
            )
        )
    meeting.participants = participants


def _first_counterpart(meeting: Meeting) -> Organisation | None:
    return next(
        (
            p.organisation
            for p in meeting.participants
            if p.side == Side.counterpart.value and p.organisation is not None
        ),
        None,
    )


def _add_outcomes(
    session: Session, meeting: Meeting, data: MeetingInput, records: _Records
) -> None:
    for p in data.pledges:
        session.add(
            Pledge(
                meeting=meeting,
                maker_organisation=records.organisation(p["maker"]),
                maker_contact=records.contact(p["maker_contact"]),
                recipient_organisation=records.organisation(p["recipient"]),
                to_all_stakeholders=p.get("to_all_stakeholders", False),
                text=p["text"],
                kind=p["kind"],
                due_date=p["due_date"],
                status="open",
                status_changed_at=utcnow(),
                topics=[],
                history=[
                    PledgeStatusChange(
                        to_status="open",
                        changed_at=utcnow(),
                        changed_by_id=session.info.get("user_id"),
                        evidence_note="Made in this meeting.",
                    )
                ],
            )
        )
    counterpart = _first_counterpart(meeting)
    for a in data.actions:
        session.add(
            ActionItem(
                meeting=meeting,
                organisation=counterpart,
                text=a["text"],
                owner_id=a["owner_id"],
                due_date=a["due_date"],
                priority=a["priority"],
            )
        )
    for f in data.follow_ups:
        session.add(
            FollowUp(
                meeting=meeting,
                organisation=records.organisation(f["organisation"]),
                contact=records.contact(f["contact"]),
                due_date=f["due_date"],
                channel=f["channel"],
                purpose=f["purpose"],
                owner_id=session.info.get("user_id"),
            )
        )


def save_form(
    session: Session,
    state: FormState,
    meeting: Meeting | None = None,
    *,
    follow_up: FollowUp | None = None,
) -> Meeting:
    """Check a filled-in meeting form against the database and save it (FormInvalid, with
    a message per field, when something is wrong)."""
    users = {u.id for u in active_users(session)}
    topic_ids = set(session.scalars(select(Topic.id)))
    version = int(state.get("version")) if state.get("version").isdigit() else None
    data = resolve(
        state,
        OrganisationMatcher.from_database(session),
        ContactMatcher.from_database(session),
        users,
        topic_ids,
        version=version,
    )
    if meeting is None and not state.get("different_meeting"):
        _refuse_a_second_copy(session, state, data)
    return save_meeting(session, data, meeting, from_follow_up=follow_up)


# How alike two titles must be (rapidfuzz's token set ratio) for a meeting on the same day
# with the same organisation to be taken for one already logged.
SIMILAR_TITLE = 75


def logged_twin(session: Session, data: MeetingInput) -> Meeting | None:
    """A live meeting already logged on the same date, with one of the same organisations
    on the other side of the table, under a similar title."""
    day = data.fields.get("date")
    org_ids = {
        row.organisation.match.id
        for row in data.participants
        if row.organisation is not None
        and row.organisation.match.found
        and row.side != Side.ours.value
    }
    if day is None or not org_ids:
        return None
    with_them = select(Participant.meeting_id).where(Participant.organisation_id.in_(org_ids))
    same_day = select(Meeting).where(
        Meeting.date == day, Meeting.archived_at.is_(None), Meeting.id.in_(with_them)
    )
    title = normalise(data.fields["title"] or "")
    for candidate in session.scalars(same_day.limit(20)):
        if fuzz.token_set_ratio(title, normalise(candidate.title)) >= SIMILAR_TITLE:
            return candidate
    return None


def _refuse_a_second_copy(session: Session, state: FormState, data: MeetingInput) -> None:
    twin = logged_twin(session, data)
    if twin is None:
        return
    state.warnings["different_meeting"] = str(twin.id)
    state.errors["title"] = (
        f"“{twin.title}”, on the same day with the same organisation, is already logged. "
        "Open it, or tick “It is a different meeting” to log this one as well."
    )
    raise FormInvalid(state.errors)
