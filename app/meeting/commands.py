"""The commands that write meetings (handled in app.meeting.service).

The meeting form, the JSON API, `engage ingest --save` and the seed are adapters that
build these. A command names records by id, or asks for a new one with an explicit
create spec (NewOrganisation, NewContact): turning a typed name into a record, and asking
whether a look-alike is the same body, happen before a command is built. The same create
spec named twice in one command makes one record."""

import datetime as dt
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.api.resource import Ref, WriteSchema
from app.commitment.models import Channel, PledgeKind, Priority
from app.errors import FormInvalid
from app.forms import LongText, Name, OptionalLongText, OptionalShortText, blank_to_none
from app.meeting.models import MeetingKind, MeetingStatus, ParticipantRole, Side
from app.organisation.models import OrganisationKind, Province
from app.topic.models import Topic

Title = Annotated[Name, Field(max_length=300)]
Text = Annotated[LongText, Field(min_length=1, max_length=5000)]
TopicIds = Annotated[list[Ref], Field(max_length=50)]
# Text that may be left blank (stored as NULL); the bound applies to the text only.
Honorific = Annotated[
    Annotated[str, StringConstraints(max_length=40)] | None, BeforeValidator(blank_to_none)
]
City = Annotated[
    Annotated[str, StringConstraints(max_length=120)] | None, BeforeValidator(blank_to_none)
]
Reference = Annotated[
    Annotated[str, StringConstraints(max_length=500)] | None, BeforeValidator(blank_to_none)
]
# As long as a text ingest reads (app.ingest.reading).
SourceText = Annotated[
    Annotated[str, StringConstraints(max_length=100_000)] | None, BeforeValidator(blank_to_none)
]


def _local_time(value: dt.time | None) -> dt.time | None:
    # A meeting's times are the local time of its day, stored without an offset (and
    # PostgreSQL refuses offsets beyond 15:59 outright).
    if value is not None and value.tzinfo is not None:
        raise ValueError("give the local time of the meeting without a UTC offset, as 14:30")
    return value


LocalTime = Annotated[dt.time | None, AfterValidator(_local_time)]


def load_topics(session: Session, ids: list[int]) -> list[Topic]:
    wanted = list(dict.fromkeys(ids))
    topics = list(session.scalars(select(Topic).where(Topic.id.in_(wanted)))) if wanted else []
    missing = sorted(set(wanted) - {t.id for t in topics})
    if missing:
        raise FormInvalid({"topic_ids": f"There is no topic with id {missing[0]}."})
    return sorted(topics, key=lambda t: wanted.index(t.id))


class NewOrganisation(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Name
    kind: OrganisationKind
    acronym: Annotated[str | None, Field(max_length=40)] = None
    aliases: tuple[Annotated[str, Field(max_length=300)], ...] = ()


class NewContact(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    full_name: Annotated[Name, Field(max_length=200)]
    honorific: Honorific = None


OrganisationRef = Ref | NewOrganisation
ContactRef = Ref | NewContact


class MeetingParticipant(WriteSchema):
    organisation: OrganisationRef | None = None
    contact: ContactRef | None = None
    # The title the person held that day: one not on record becomes a new affiliation
    # from the meeting's date; none given means the one they held then, if any.
    title: OptionalShortText = None
    side: Side = Side.counterpart
    role: ParticipantRole = ParticipantRole.attended
    inferred_fields: list[str] = []


class MeetingPresentation(WriteSchema):
    title: Title
    presenter: ContactRef | None = None
    organisation: OrganisationRef | None = None
    topic_id: Ref | None = None
    summary: OptionalLongText = None


class MeetingPledge(WriteSchema):
    maker: OrganisationRef
    maker_contact: ContactRef | None = None
    recipient: OrganisationRef | None = None
    # With no recipient: made to all stakeholders, or (False) to someone not named.
    to_all_stakeholders: bool = False
    text: Text
    kind: PledgeKind = PledgeKind.support
    due_date: dt.date | None = None
    topic_ids: TopicIds = []
    # How its history says it was recorded.
    evidence_note: Annotated[str, Field(max_length=5000)] = "Made in this meeting."


class MeetingAction(WriteSchema):
    """An action item we owe; it concerns the first organisation across the table."""

    text: Text
    owner_id: Ref | None = None
    due_date: dt.date | None = None
    priority: Priority = Priority.normal


class MeetingFollowUp(WriteSchema):
    organisation: OrganisationRef | None = None
    contact: ContactRef | None = None
    due_date: dt.date
    channel: Channel = Channel.meeting
    purpose: Text
    owner_id: Ref | None = None
    inferred_fields: list[str] = []


class MeetingDetails(WriteSchema):
    """The meeting's own fields, as every door (the API's bodies too) takes them."""

    date: dt.date | None = None
    start_time: LocalTime = None
    end_time: LocalTime = None
    date_note: OptionalShortText = None
    venue: OptionalShortText = None
    city: City = None
    province: Province | None = None
    summary: OptionalLongText = None
    minutes: OptionalLongText = None
    source_text: SourceText = None
    source_reference: Reference = None
    lead_id: Ref | None = None
    topic_ids: TopicIds = []


class NewMeetingDetails(MeetingDetails):
    title: Title
    kind: MeetingKind
    status: MeetingStatus = MeetingStatus.held
    date_confirmed: bool = Field(True, description="False when the source gives no exact day.")


class ChangedMeetingDetails(MeetingDetails):
    title: Title | None = None
    kind: MeetingKind | None = None
    status: MeetingStatus | None = None
    date_confirmed: bool | None = None


class _Contents(WriteSchema):
    participants: Annotated[list[MeetingParticipant], Field(max_length=200)] = []
    presentations: Annotated[list[MeetingPresentation], Field(max_length=200)] = []
    # What came out of the meeting: always added, never replaced (existing ones are
    # corrected in their registers).
    pledges: Annotated[list[MeetingPledge], Field(max_length=200)] = []
    actions: Annotated[list[MeetingAction], Field(max_length=200)] = []
    follow_ups: Annotated[list[MeetingFollowUp], Field(max_length=200)] = []


class CreateMeeting(NewMeetingDetails, _Contents):
    # The due follow-up this meeting was logged from: the meeting completes it.
    completes_follow_up_id: Ref | None = None


class UpdateMeeting(ChangedMeetingDetails, _Contents):
    """Changes only the fields it sets; participants, presentations and topics, when set,
    replace the stored ones."""

    # The version the change was based on: a colleague's save in between is not overwritten.
    version: int


class ArchiveMeeting(WriteSchema):
    meeting_id: Ref


class RestoreMeeting(WriteSchema):
    meeting_id: Ref
