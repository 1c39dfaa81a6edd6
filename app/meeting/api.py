"""Meetings, with their participants and topics, in the JSON API."""

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from app.api.resource import ListQuery, ReadSchema, Ref, Resource
from app.errors import FormInvalid
from app.meeting.commands import (
    ChangedMeetingDetails,
    CreateMeeting,
    MeetingParticipant,
    NewMeetingDetails,
    UpdateMeeting,
)
from app.meeting.models import (
    Meeting,
    MeetingKind,
    MeetingStatus,
    Participant,
    ParticipantRole,
    Side,
)
from app.meeting.queries import total_of
from app.meeting.service import archive_loaded, create_meeting, restore_loaded, update_meeting
from app.organisation.models import Province
from app.topic.models import Topic


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


Participants = Annotated[list[ParticipantWrite], Field(max_length=200)]


class MeetingCreate(NewMeetingDetails):
    participants: Participants = []


class MeetingUpdate(ChangedMeetingDetails):
    participants: Participants = []


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


# The API names a participant's records `<name>_id`; the command names them `<name>`.
WIRE_NAMES = {"organisation": "organisation_id", "contact": "contact_id"}


def _command_fields(data: MeetingCreate | MeetingUpdate) -> dict[str, Any]:
    fields = data.model_dump(exclude_unset=True, exclude={"participants"})
    if "participants" in data.model_fields_set:
        fields["participants"] = [
            MeetingParticipant(
                organisation=p.organisation_id, contact=p.contact_id, side=p.side, role=p.role
            )
            for p in data.participants
        ]
    return fields


def _wire_name(path: str) -> str:
    parts = path.split(".")
    if parts[0] == "participants" and len(parts) == 3:
        parts[2] = WIRE_NAMES.get(parts[2], parts[2])
    return ".".join(parts)


def _write(session: Session, meeting: Meeting | None, data: Any) -> Meeting:
    try:
        if meeting is None:
            return create_meeting(session, CreateMeeting(**_command_fields(data)))
        # The resource has checked If-Match against this version already.
        command = UpdateMeeting(version=meeting.version, **_command_fields(data))
        return update_meeting(session, meeting, command)
    except FormInvalid as exc:
        raise FormInvalid({_wire_name(k): v for k, v in exc.errors.items()}) from exc


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
    # Paging, sorting and archived records choose no meetings (a list with archived ones
    # is counted from the records: app.api.resource).
    total_of=lambda session, query: total_of(session, query, set(ListQuery.model_fields)),
    required=("title", "kind", "status", "date_confirmed"),
    archiver=archive_loaded,
    restorer=restore_loaded,
)
