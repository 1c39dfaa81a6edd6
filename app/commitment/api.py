"""Pledges, action items and follow-ups in the JSON API."""

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Header, Response
from pydantic import Field, field_validator
from sqlalchemy import ColumnElement, Select
from sqlalchemy.orm import selectinload

from app.api.resource import (
    API_PREFIX,
    PROBLEMS,
    ListQuery,
    ReadSchema,
    RecordId,
    Ref,
    Resource,
    WriteSchema,
    check_if_match,
    etag,
)
from app.auth.guard import EditorUser
from app.commitment.commands import (
    ActionItemCreate,
    ActionItemUpdate,
    FollowUpCreate,
    FollowUpUpdate,
    PledgeCreate,
    PledgeUpdate,
    write_action,
    write_follow_up,
    write_pledge,
)
from app.commitment.models import (
    ActionItem,
    ActionStatus,
    Channel,
    FollowUp,
    FollowUpStatus,
    Pledge,
    PledgeKind,
    PledgeStatus,
    action_is_open,
    pledge_is_open,
)
from app.commitment.service import change_pledge_status
from app.deps import SessionDep
from app.errors import FormInvalid
from app.meeting.api import topic_ids
from app.meeting.models import Meeting
from app.web import today


class CommitmentQuery(ListQuery):
    organisation_id: Ref | None = None
    meeting_id: Ref | None = None
    overdue: bool | None = Field(None, description="Only open items past their due date.")
    due_before: dt.date | None = None


def _filter_commitments(
    model: Any, is_open: ColumnElement[bool], organisation_columns: tuple[str, ...]
) -> Any:
    """The filters pledges, actions and follow-ups share. `is_open` is the model's own
    condition, as the registers state it, so that SQLite uses the open items' indexes."""

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
            overdue = is_open & (model.due_date < today())
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
    recipient_organisation_id: int | None = Field(
        description="Empty: made to all stakeholders, or to someone the source does not name."
    )
    to_all_stakeholders: bool = Field(
        description="With no recipient organisation: true when made to all stakeholders."
    )
    text: str
    kind: PledgeKind
    due_date: dt.date | None
    status: PledgeStatus
    status_changed_at: dt.datetime | None
    topic_ids: list[int] = Field(validation_alias="topics")

    _topic_ids = field_validator("topic_ids", mode="before")(lambda cls, v: topic_ids(v))


class PledgeQuery(CommitmentQuery):
    status: PledgeStatus | None = None


class PledgeStatusChangeWrite(WriteSchema):
    status: PledgeStatus
    note: Annotated[str, Field(max_length=5000)] = ""
    url: Annotated[str, Field(max_length=1000)] = ""
    evidence_meeting_id: Ref | None = None


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
        Pledge, pledge_is_open(), ("maker_organisation_id", "recipient_organisation_id")
    ),
    write=write_pledge,
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


class ActionItemQuery(CommitmentQuery):
    status: ActionStatus | None = None
    owner_id: Ref | None = None


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
    filter=_filter_commitments(ActionItem, action_is_open(), ("organisation_id",)),
    write=write_action,
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


class FollowUpQuery(CommitmentQuery):
    status: FollowUpStatus | None = None
    owner_id: Ref | None = None
    contact_id: Ref | None = None


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
    filter=_filter_commitments(
        FollowUp, FollowUp.status == FollowUpStatus.due.value, ("organisation_id",)
    ),
    write=write_follow_up,
    required=("due_date", "purpose", "channel", "status"),
    tags=["follow-ups"],
)
