"""Meetings, with their participants and topics, in the JSON API."""

import datetime as dt
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from app.account.models import User
from app.api.resource import (
    ListQuery,
    ReadSchema,
    Ref,
    Resource,
    WriteSchema,
    assign,
    check_references,
)
from app.contact.models import Affiliation, Contact
from app.errors import FormInvalid
from app.forms import Blankable, Name, OptionalLongText, OptionalShortText
from app.meeting.models import (
    Meeting,
    MeetingKind,
    MeetingStatus,
    Participant,
    ParticipantRole,
    Side,
)
from app.organisation.models import Organisation, Province
from app.topic.models import Topic

Title = Annotated[Name, Field(max_length=300)]
City = Blankable[Annotated[str, StringConstraints(max_length=120)]]
Reference = Blankable[Annotated[str, StringConstraints(max_length=500)]]


def _local_time(value: dt.time | None) -> dt.time | None:
    # A meeting's times are the local time of its day, stored without an offset (and
    # PostgreSQL refuses offsets beyond 15:59 outright).
    if value is not None and value.tzinfo is not None:
        raise ValueError("give the local time of the meeting without a UTC offset, as 14:30")
    return value


LocalTime = Annotated[dt.time | None, AfterValidator(_local_time)]
TopicIds = Annotated[list[Ref], Field(max_length=50)]


def topic_ids(value: Any) -> Any:
    """Topics are written and read as ids (see /api/v1/topics)."""
    return [getattr(t, "id", t) for t in value]


class ParticipantRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    contact_id: int | None
    organisation_id: int | None
    affiliation_id: int | None = Field(description="The title the person held that day.")
    side: Side
    role: ParticipantRole


class ParticipantWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    contact_id: Ref | None = None
    organisation_id: Ref | None = None
    side: Side
    role: ParticipantRole = ParticipantRole.attended

    @model_validator(mode="after")
    def _someone(self) -> "ParticipantWrite":
        if self.contact_id is None and self.organisation_id is None:
            raise ValueError("a participant needs a contact_id, an organisation_id or both")
        return self


class MeetingRead(ReadSchema):
    title: str
    kind: MeetingKind
    date: dt.date | None
    start_time: dt.time | None
    end_time: dt.time | None
    date_confirmed: bool
    date_note: str | None
    venue: str | None
    city: str | None
    province: Province | None
    status: MeetingStatus
    summary: str | None
    minutes: str | None
    source_text: str | None
    source_reference: str | None
    lead_id: int | None
    participants: list[ParticipantRead]
    topic_ids: list[int] = Field(validation_alias="topics")

    _topic_ids = field_validator("topic_ids", mode="before")(lambda cls, v: topic_ids(v))


class _MeetingFields(WriteSchema):
    date: dt.date | None = None
    start_time: LocalTime = None
    end_time: LocalTime = None
    date_note: OptionalShortText = None
    venue: OptionalShortText = None
    city: City = None
    province: Province | None = None
    summary: OptionalLongText = None
    minutes: OptionalLongText = None
    source_text: OptionalLongText = None
    source_reference: Reference = None
    lead_id: Ref | None = None
    participants: Annotated[list[ParticipantWrite], Field(max_length=200)] = []
    topic_ids: TopicIds = []


class MeetingCreate(_MeetingFields):
    title: Title
    kind: MeetingKind
    status: MeetingStatus = MeetingStatus.held
    date_confirmed: bool = Field(True, description="False when the source gives no exact day.")


class MeetingUpdate(_MeetingFields):
    title: Title | None = None
    kind: MeetingKind | None = None
    status: MeetingStatus | None = None
    date_confirmed: bool | None = None


class MeetingQuery(ListQuery):
    q: Annotated[str | None, Field(max_length=200, description="Part of the title.")] = None
    organisation_id: Ref | None = Field(
        None, description="Meetings this organisation took part in."
    )
    contact_id: Ref | None = None
    topic_id: Ref | None = None
    kind: MeetingKind | None = None
    status: MeetingStatus | None = None
    province: Province | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def _filter(stmt: Select[Any], query: MeetingQuery) -> Select[Any]:
    if query.q:
        stmt = stmt.where(func.lower(Meeting.title).like(f"%{query.q.lower()}%"))
    for name in ("kind", "status", "province"):
        value = getattr(query, name)
        if value is not None:
            stmt = stmt.where(getattr(Meeting, name) == value.value)
    for name in ("organisation_id", "contact_id"):
        value = getattr(query, name)
        if value is not None:
            took_part = select(Participant.meeting_id).where(getattr(Participant, name) == value)
            stmt = stmt.where(Meeting.id.in_(took_part))
    if query.topic_id is not None:
        stmt = stmt.where(Meeting.topics.any(Topic.id == query.topic_id))
    if query.date_from is not None:
        stmt = stmt.where(Meeting.date >= query.date_from)
    if query.date_to is not None:
        stmt = stmt.where(Meeting.date <= query.date_to)
    return stmt


def load_topics(session: Session, ids: list[int]) -> list[Topic]:
    wanted = list(dict.fromkeys(ids))
    topics = list(session.scalars(select(Topic).where(Topic.id.in_(wanted)))) if wanted else []
    missing = sorted(set(wanted) - {t.id for t in topics})
    if missing:
        raise FormInvalid({"topic_ids": f"There is no topic with id {missing[0]}."})
    return sorted(topics, key=lambda t: wanted.index(t.id))


def _participants(session: Session, meeting: Meeting, items: list[ParticipantWrite]) -> None:
    contact_ids = {p.contact_id for p in items if p.contact_id}
    org_ids = {p.organisation_id for p in items if p.organisation_id}
    found_contacts = set(session.scalars(select(Contact.id).where(Contact.id.in_(contact_ids))))
    found_orgs = set(session.scalars(select(Organisation.id).where(Organisation.id.in_(org_ids))))
    if contact_ids - found_contacts:
        raise FormInvalid(
            {"participants": f"There is no contact with id {min(contact_ids - found_contacts)}."}
        )
    if org_ids - found_orgs:
        raise FormInvalid(
            {"participants": f"There is no organisation with id {min(org_ids - found_orgs)}."}
        )
    affiliations = session.scalars(
        select(Affiliation).where(
            Affiliation.contact_id.in_(contact_ids),
            Affiliation.organisation_id.in_(org_ids),
            Affiliation.archived_at.is_(None),
        )
    ).all()
    meeting.participants = [
        Participant(
            contact_id=item.contact_id,
            organisation_id=item.organisation_id,
            affiliation_id=next(
                (
                    a.id
                    for a in affiliations
                    if a.contact_id == item.contact_id
                    and a.organisation_id == item.organisation_id
                    and a.held_on(meeting.date)
                ),
                None,
            ),
            side=item.side.value,
            role=item.role.value,
            position=position,
        )
        for position, item in enumerate(items)
    ]


def _write(session: Session, meeting: Meeting | None, data: Any) -> Meeting:
    check_references(session, data, {"lead_id": User})
    if meeting is None:
        meeting = Meeting(participants=[], presentations=[], topics=[])
        session.add(meeting)
    assign(meeting, data, skip=("participants", "topic_ids"))
    if meeting.date is None and meeting.date_confirmed:
        raise FormInvalid({"date_confirmed": "A meeting without a date cannot be confirmed."})
    if meeting.start_time and meeting.end_time and meeting.end_time < meeting.start_time:
        raise FormInvalid({"end_time": "The meeting ends before it starts."})
    with session.no_autoflush:
        if "topic_ids" in data.model_fields_set:
            meeting.topics = load_topics(session, data.topic_ids)
        if "participants" in data.model_fields_set:
            _participants(session, meeting, data.participants)
    session.flush()
    return meeting


meeting_resource = Resource(
    name="meetings",
    noun="meeting",
    model=Meeting,
    read=MeetingRead,
    create=MeetingCreate,
    update=MeetingUpdate,
    query=MeetingQuery,
    sorts={
        "date": Meeting.date,
        "title": Meeting.title,
        "updated_at": Meeting.updated_at,
        "id": Meeting.id,
    },
    default_sort="-date",
    filter=_filter,
    write=_write,
    load_options=(selectinload(Meeting.participants), selectinload(Meeting.topics)),
    required=("title", "kind", "status", "date_confirmed"),
)
