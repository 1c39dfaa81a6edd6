"""The commands that write pledges, action items and follow-ups, and the one function
for each that holds its rules. The API, the edit forms and import are adapters: they
build a command (with ids, names already resolved) and hand it here. On an existing
record only the fields a command sets are changed."""

import datetime as dt
from typing import Annotated, Any

from pydantic import Field
from sqlalchemy.orm import Session

from app.account.models import User
from app.api.resource import Ref, WriteSchema, assign, check_references
from app.commitment.models import (
    ActionItem,
    ActionStatus,
    Channel,
    FollowUp,
    FollowUpStatus,
    Pledge,
    PledgeKind,
    PledgeStatus,
    PledgeStatusChange,
    Priority,
)
from app.commitment.service import stamp_completion
from app.contact.models import Contact
from app.db import utcnow
from app.errors import FormInvalid
from app.forms import LongText
from app.meeting.commands import TopicIds, load_topics
from app.meeting.models import Meeting
from app.organisation.models import Organisation

Text = Annotated[LongText, Field(min_length=1, max_length=5000)]


class PledgeCreate(WriteSchema):
    meeting_id: Ref
    maker_organisation_id: Ref
    maker_contact_id: Ref | None = None
    recipient_organisation_id: Ref | None = None
    to_all_stakeholders: bool = Field(
        False, description="With no recipient organisation: made to all stakeholders."
    )
    text: Text
    kind: PledgeKind = PledgeKind.support
    due_date: dt.date | None = None
    topic_ids: TopicIds = []


class PledgeUpdate(WriteSchema):
    """The status changes through /status, with its evidence."""

    maker_organisation_id: Ref | None = None
    maker_contact_id: Ref | None = None
    recipient_organisation_id: Ref | None = None
    to_all_stakeholders: bool = False
    text: Text | None = None
    kind: PledgeKind | None = None
    due_date: dt.date | None = None
    topic_ids: TopicIds = []


PLEDGE_REFERENCES = {
    "meeting_id": Meeting,
    "maker_organisation_id": Organisation,
    "maker_contact_id": Contact,
    "recipient_organisation_id": Organisation,
}


def write_pledge(
    session: Session,
    pledge: Pledge | None,
    data: Any,
    *,
    note: str = "Recorded through the API.",
) -> Pledge:
    """`note` says, in a new pledge's history, how it was recorded."""
    check_references(session, data, PLEDGE_REFERENCES)
    if pledge is None:
        made = PledgeStatusChange(
            to_status=PledgeStatus.open.value,
            changed_at=utcnow(),
            changed_by_id=session.info.get("user_id"),
            evidence_note=note,
        )
        pledge = Pledge(
            topics=[], inferred_fields=[], history=[made], status_changed_at=made.changed_at
        )
        session.add(pledge)
    assign(pledge, data, skip=("topic_ids",))
    if pledge.recipient_organisation_id is not None:
        pledge.to_all_stakeholders = False  # made to that organisation, not to everyone
    if "topic_ids" in data.model_fields_set:
        with session.no_autoflush:
            pledge.topics = load_topics(session, data.topic_ids)
    session.flush()
    return pledge


class _ActionFields(WriteSchema):
    meeting_id: Ref | None = None
    pledge_id: Ref | None = None
    organisation_id: Ref | None = None
    owner_id: Ref | None = None
    due_date: dt.date | None = None


class ActionItemCreate(_ActionFields):
    text: Text
    priority: Priority = Priority.normal
    status: ActionStatus = ActionStatus.open


class ActionItemUpdate(_ActionFields):
    text: Text | None = None
    priority: Priority | None = None
    status: ActionStatus | None = None


COMMITMENT_REFERENCES = {
    "meeting_id": Meeting,
    "pledge_id": Pledge,
    "organisation_id": Organisation,
    "owner_id": User,
}


def write_action(session: Session, action: ActionItem | None, data: Any) -> ActionItem:
    check_references(session, data, COMMITMENT_REFERENCES)
    if action is None:
        action = ActionItem()
        session.add(action)
    assign(action, data)
    stamp_completion(action, done=action.status == ActionStatus.done.value)
    session.flush()
    return action


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


NO_ONE_TO_FOLLOW_UP = "Say whom to follow up: an organisation or a contact."


def write_follow_up(session: Session, follow_up: FollowUp | None, data: Any) -> FollowUp:
    check_references(
        session,
        data,
        {**COMMITMENT_REFERENCES, "contact_id": Contact, "completed_by_meeting_id": Meeting},
    )
    # Checked before anything is changed: a refused command writes nothing.
    whom = [
        getattr(data if follow_up is None or name in data.model_fields_set else follow_up, name)
        for name in ("organisation_id", "contact_id")
    ]
    if whom == [None, None]:
        raise FormInvalid({"organisation_id": NO_ONE_TO_FOLLOW_UP})
    if follow_up is None:
        follow_up = FollowUp(inferred_fields=[])
        session.add(follow_up)
    assign(follow_up, data)
    stamp_completion(follow_up, done=follow_up.status != FollowUpStatus.due.value)
    session.flush()
    return follow_up
