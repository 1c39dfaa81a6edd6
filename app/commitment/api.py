"""Pledges, action items and follow-ups in the JSON API."""

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Header, Response
from pydantic import Field, field_validator
from sqlalchemy import Select
from sqlalchemy.orm import Session, selectinload

from app.account.models import User
from app.api.resource import (
    API_PREFIX,
    PROBLEMS,
    ListQuery,
    ReadSchema,
    RecordId,
    Ref,
    Resource,
    WriteSchema,
    assign,
    check_if_match,
    check_references,
    etag,
)
from app.auth.guard import EditorUser
from app.commitment.models import (
    OPEN_ACTION_STATUSES,
    OPEN_PLEDGE_STATUSES,
    ActionItem,
    ActionStatus,
    Channel,
    FollowUp,
    FollowUpStatus,
    Pledge,
    PledgeKind,
    PledgeStatus,
    PledgeStatusChange,
)
from app.commitment.service import change_pledge_status
from app.contact.models import Contact
from app.db import utcnow
from app.deps import SessionDep
from app.errors import FormInvalid
from app.forms import LongText
from app.meeting.api import TopicIds, load_topics, topic_ids
from app.meeting.models import Meeting
from app.organisation.models import Organisation
from app.web import today

Text = Annotated[LongText, Field(min_length=1, max_length=5000)]


class CommitmentQuery(ListQuery):
    organisation_id: Ref | None = None
    meeting_id: Ref | None = None
    overdue: bool | None = Field(None, description="Only open items past their due date.")
    due_before: dt.date | None = None


def _filter_commitments(
    model: Any, open_statuses: tuple[str, ...], organisation_columns: tuple[str, ...]
) -> Any:
    """The filters pledges, actions and follow-ups share."""

    def apply(stmt: Select[Any], query: Any) -> Select[Any]:
        if query.status is not None:
            stmt = stmt.where(model.status == query.status.value)
        if query.organisation_id is not None:
            columns = [getattr(model, c) == query.organisation_id for c in organisation_columns]
            stmt = stmt.where(columns[0] if len(columns) == 1 else columns[0] | columns[1])
        for name in ("meeting_id", "owner_id", "contact_id"):
            value = getattr(query, name, None)
            if value is not None:
                stmt = stmt.where(getattr(model, name) == value)
        if query.overdue is not None:
            overdue = model.status.in_(open_statuses) & (model.due_date < today())
            stmt = stmt.where(overdue if query.overdue else ~overdue)
        if query.due_before is not None:
            stmt = stmt.where(model.due_date < query.due_before)
        return stmt

    return apply


# Pledges ---------------------------------------------------------------------------


class PledgeRead(ReadSchema):
    meeting_id: int
    maker_organisation_id: int
    maker_contact_id: int | None
    recipient_organisation_id: int | None = Field(description="Empty: made to all stakeholders.")
    text: str
    kind: PledgeKind
    due_date: dt.date | None
    status: PledgeStatus
    status_changed_at: dt.datetime | None
    topic_ids: list[int] = Field(validation_alias="topics")

    _topic_ids = field_validator("topic_ids", mode="before")(lambda cls, v: topic_ids(v))


class PledgeCreate(WriteSchema):
    meeting_id: Ref
    maker_organisation_id: Ref
    maker_contact_id: Ref | None = None
    recipient_organisation_id: Ref | None = None
    text: Text
    kind: PledgeKind = PledgeKind.support
    due_date: dt.date | None = None
    topic_ids: TopicIds = []


class PledgeUpdate(WriteSchema):
    """The status changes through /status, with its evidence."""

    maker_organisation_id: Ref | None = None
    maker_contact_id: Ref | None = None
    recipient_organisation_id: Ref | None = None
    text: Text | None = None
    kind: PledgeKind | None = None
    due_date: dt.date | None = None
    topic_ids: TopicIds = []


class PledgeQuery(CommitmentQuery):
    status: PledgeStatus | None = None


class PledgeStatusChangeWrite(WriteSchema):
    status: PledgeStatus
    note: Annotated[str, Field(max_length=5000)] = ""
    url: Annotated[str, Field(max_length=1000)] = ""
    evidence_meeting_id: Ref | None = None


PLEDGE_REFERENCES = {
    "meeting_id": Meeting,
    "maker_organisation_id": Organisation,
    "maker_contact_id": Contact,
    "recipient_organisation_id": Organisation,
}


def _write_pledge(session: Session, pledge: Pledge | None, data: Any) -> Pledge:
    check_references(session, data, PLEDGE_REFERENCES)
    if pledge is None:
        made = PledgeStatusChange(
            to_status=PledgeStatus.open.value,
            changed_at=utcnow(),
            changed_by_id=session.info.get("user_id"),
            evidence_note="Recorded through the API.",
        )
        pledge = Pledge(topics=[], inferred_fields=[], history=[made])
        session.add(pledge)
    assign(pledge, data, skip=("topic_ids",))
    if "topic_ids" in data.model_fields_set:
        with session.no_autoflush:
            pledge.topics = load_topics(session, data.topic_ids)
    session.flush()
    return pledge


pledge_resource = Resource(
    name="pledges",
    noun="pledge",
    model=Pledge,
    read=PledgeRead,
    create=PledgeCreate,
    update=PledgeUpdate,
    query=PledgeQuery,
    sorts={"due_date": Pledge.due_date, "status": Pledge.status, "id": Pledge.id},
    default_sort="due_date",
    filter=_filter_commitments(
        Pledge, OPEN_PLEDGE_STATUSES, ("maker_organisation_id", "recipient_organisation_id")
    ),
    write=_write_pledge,
    load_options=(selectinload(Pledge.topics), selectinload(Pledge.history)),
    required=("maker_organisation_id", "text", "kind"),
)


def pledge_status_router() -> APIRouter:
    router = APIRouter(prefix=f"{API_PREFIX}/pledges", tags=["pledges"])

    @router.post("/{record_id}/status", response_model=PledgeRead, responses=PROBLEMS)
    def change_status(
        record_id: RecordId,
        data: PledgeStatusChangeWrite,
        session: SessionDep,
        _user: EditorUser,
        response: Response,
        if_match: Annotated[str | None, Header(max_length=200)] = None,
    ) -> Any:
        """Move a pledge to a new status. Fulfilled needs evidence: a note, a link or a
        later meeting."""
        pledge = pledge_resource.load(session, record_id)
        check_if_match(pledge, if_match)
        if data.evidence_meeting_id and session.get(Meeting, data.evidence_meeting_id) is None:
            raise FormInvalid({"evidence_meeting_id": "There is no such meeting."})
        change_pledge_status(
            session,
            pledge,
            to_status=data.status.value,
            note=data.note,
            url=data.url,
            evidence_meeting_id=data.evidence_meeting_id,
            version=pledge.version,
        )
        pledge = pledge_resource.reload(session, pledge)
        response.headers["ETag"] = etag(pledge)
        return pledge

    return router


# Action items ------------------------------------------------------------------------


class ActionItemRead(ReadSchema):
    text: str
    meeting_id: int | None
    pledge_id: int | None
    organisation_id: int | None
    owner_id: int | None
    due_date: dt.date | None
    priority: str
    status: ActionStatus
    completed_at: dt.datetime | None


class _ActionFields(WriteSchema):
    meeting_id: Ref | None = None
    pledge_id: Ref | None = None
    organisation_id: Ref | None = None
    owner_id: Ref | None = None
    due_date: dt.date | None = None


class ActionItemCreate(_ActionFields):
    text: Text
    priority: Annotated[str, Field(pattern="^(low|normal|high)$")] = "normal"
    status: ActionStatus = ActionStatus.open


class ActionItemUpdate(_ActionFields):
    text: Text | None = None
    priority: Annotated[str | None, Field(pattern="^(low|normal|high)$")] = None
    status: ActionStatus | None = None


class ActionItemQuery(CommitmentQuery):
    status: ActionStatus | None = None
    owner_id: Ref | None = None


COMMITMENT_REFERENCES = {
    "meeting_id": Meeting,
    "pledge_id": Pledge,
    "organisation_id": Organisation,
    "owner_id": User,
}


def _write_action(session: Session, action: ActionItem | None, data: Any) -> ActionItem:
    check_references(session, data, COMMITMENT_REFERENCES)
    if action is None:
        action = ActionItem()
        session.add(action)
    assign(action, data)
    _stamp_completion(action, done=action.status == ActionStatus.done.value)
    session.flush()
    return action


def _stamp_completion(record: Any, *, done: bool) -> None:
    if done and record.completed_at is None:
        record.completed_at = utcnow()
    elif not done:
        record.completed_at = None


action_item_resource = Resource(
    name="action-items",
    noun="action item",
    model=ActionItem,
    read=ActionItemRead,
    create=ActionItemCreate,
    update=ActionItemUpdate,
    query=ActionItemQuery,
    sorts={"due_date": ActionItem.due_date, "status": ActionItem.status, "id": ActionItem.id},
    default_sort="due_date",
    filter=_filter_commitments(ActionItem, OPEN_ACTION_STATUSES, ("organisation_id",)),
    write=_write_action,
    required=("text", "priority", "status"),
    tags=["action items"],
)


# Follow-ups --------------------------------------------------------------------------


class FollowUpRead(ReadSchema):
    organisation_id: int | None
    contact_id: int | None
    due_date: dt.date
    channel: Channel
    purpose: str
    meeting_id: int | None
    pledge_id: int | None
    owner_id: int | None
    status: FollowUpStatus
    completed_by_meeting_id: int | None
    completed_at: dt.datetime | None


class _FollowUpFields(WriteSchema):
    organisation_id: Ref | None = None
    contact_id: Ref | None = None
    meeting_id: Ref | None = None
    pledge_id: Ref | None = None
    owner_id: Ref | None = None
    completed_by_meeting_id: Ref | None = None


class FollowUpCreate(_FollowUpFields):
    due_date: dt.date
    purpose: Text
    channel: Channel = Channel.meeting
    status: FollowUpStatus = FollowUpStatus.due


class FollowUpUpdate(_FollowUpFields):
    due_date: dt.date | None = None
    purpose: Text | None = None
    channel: Channel | None = None
    status: FollowUpStatus | None = None


class FollowUpQuery(CommitmentQuery):
    status: FollowUpStatus | None = None
    owner_id: Ref | None = None
    contact_id: Ref | None = None


def _write_follow_up(session: Session, follow_up: FollowUp | None, data: Any) -> FollowUp:
    check_references(
        session,
        data,
        {**COMMITMENT_REFERENCES, "contact_id": Contact, "completed_by_meeting_id": Meeting},
    )
    if follow_up is None:
        follow_up = FollowUp(inferred_fields=[])
        session.add(follow_up)
    assign(follow_up, data)
    if follow_up.organisation_id is None and follow_up.contact_id is None:
        raise FormInvalid(
            {"organisation_id": "Say whom to follow up: an organisation or a contact."}
        )
    _stamp_completion(follow_up, done=follow_up.status != FollowUpStatus.due.value)
    session.flush()
    return follow_up


follow_up_resource = Resource(
    name="follow-ups",
    noun="follow-up",
    model=FollowUp,
    read=FollowUpRead,
    create=FollowUpCreate,
    update=FollowUpUpdate,
    query=FollowUpQuery,
    sorts={"due_date": FollowUp.due_date, "status": FollowUp.status, "id": FollowUp.id},
    default_sort="due_date",
    filter=_filter_commitments(FollowUp, (FollowUpStatus.due.value,), ("organisation_id",)),
    write=_write_follow_up,
    required=("due_date", "purpose", "channel", "status"),
    tags=["follow-ups"],
)
