"""Pledges, action items and follow-ups as the tables of the organisation page, the
registers and the dashboard show them (templates/commitment/_macros.html), read as columns
(app.lines). The rules they answer (open, overdue, who a pledge was made to) are the
records' own: the same mixins (app.commitment.models: PledgeRules, ActionRules,
FollowUpRules)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session, aliased

from app.account.models import User
from app.commitment.models import (
    ActionItem,
    ActionRules,
    FollowUp,
    FollowUpRules,
    Pledge,
    PledgeRules,
)
from app.contact.models import Contact
from app.lines import MeetingRef, OrgRef, PersonRef, meeting_ref, org_ref
from app.meeting.models import Meeting
from app.organisation.models import Organisation


@dataclass(frozen=True, slots=True)
class PledgeLine(PledgeRules):
    id: int
    text: str
    inferred_fields: list[str]
    maker_organisation: OrgRef
    maker_contact: PersonRef | None
    recipient_organisation: OrgRef | None
    to_all_stakeholders: bool
    meeting: MeetingRef
    due_date: date | None
    status: str


@dataclass(frozen=True, slots=True)
class ActionLine(ActionRules):
    id: int
    text: str
    meeting: MeetingRef | None
    owner: PersonRef | None
    due_date: date | None
    status: str


@dataclass(frozen=True, slots=True)
class FollowUpLine(FollowUpRules):
    id: int
    purpose: str
    inferred_fields: list[str]
    organisation: OrgRef | None
    contact: PersonRef | None
    channel: str
    due_date: date
    status: str


# Each statement is built once: a pledge's two bodies are aliases, and columns of a fresh
# alias were adapted anew for every list (a fifth of the dashboard's first view).
@cache
def _pledge_lines() -> Select[*tuple[Any, ...]]:
    maker, recipient = aliased(Organisation), aliased(Organisation)
    return (
        select(
            Pledge.id,
            Pledge.text,
            Pledge.inferred_fields,
            maker.id,
            maker.name,
            maker.acronym,
            Contact.id,
            Contact.honorific,
            Contact.full_name,
            recipient.id,
            recipient.name,
            recipient.acronym,
            Pledge.to_all_stakeholders,
            Meeting.id,
            Meeting.title,
            Meeting.date,
            Pledge.due_date,
            Pledge.status,
        )
        .join(maker, maker.id == Pledge.maker_organisation_id)
        .outerjoin(Contact, Contact.id == Pledge.maker_contact_id)
        .outerjoin(recipient, recipient.id == Pledge.recipient_organisation_id)
        .join(Meeting, Meeting.id == Pledge.meeting_id)
        .where(Pledge.id.in_(bindparam("ids", expanding=True)))
    )


def pledge_lines(session: Session, ids: Sequence[int]) -> list[PledgeLine]:
    rows = session.execute(_pledge_lines(), {"ids": list(ids)})
    return [
        PledgeLine(
            id=row[0],
            text=row[1],
            inferred_fields=row[2] or [],
            maker_organisation=OrgRef(row[3], row[4], row[5]),
            maker_contact=PersonRef.of(row[6], row[7], row[8]),
            recipient_organisation=org_ref(row[9], row[10], row[11]),
            to_all_stakeholders=row[12],
            meeting=MeetingRef(row[13], row[14], row[15]),
            due_date=row[16],
            status=row[17],
        )
        for row in rows
    ]


@cache
def _action_lines() -> Select[*tuple[Any, ...]]:
    return (
        select(
            ActionItem.id,
            ActionItem.text,
            Meeting.id,
            Meeting.title,
            Meeting.date,
            User.id,
            User.display_name,
            ActionItem.due_date,
            ActionItem.status,
        )
        .outerjoin(Meeting, Meeting.id == ActionItem.meeting_id)
        .outerjoin(User, User.id == ActionItem.owner_id)
        .where(ActionItem.id.in_(bindparam("ids", expanding=True)))
    )


def action_lines(session: Session, ids: Sequence[int]) -> list[ActionLine]:
    rows = session.execute(_action_lines(), {"ids": list(ids)})
    return [
        ActionLine(
            id=row[0],
            text=row[1],
            meeting=meeting_ref(row[2], row[3], row[4]),
            owner=PersonRef(row[5], row[6]) if row[5] is not None else None,
            due_date=row[7],
            status=row[8],
        )
        for row in rows
    ]


@cache
def _follow_up_lines() -> Select[*tuple[Any, ...]]:
    return (
        select(
            FollowUp.id,
            FollowUp.purpose,
            FollowUp.inferred_fields,
            Organisation.id,
            Organisation.name,
            Organisation.acronym,
            Contact.id,
            Contact.honorific,
            Contact.full_name,
            FollowUp.channel,
            FollowUp.due_date,
            FollowUp.status,
        )
        .outerjoin(Organisation, Organisation.id == FollowUp.organisation_id)
        .outerjoin(Contact, Contact.id == FollowUp.contact_id)
        .where(FollowUp.id.in_(bindparam("ids", expanding=True)))
    )


def follow_up_lines(session: Session, ids: Sequence[int]) -> list[FollowUpLine]:
    rows = session.execute(_follow_up_lines(), {"ids": list(ids)})
    return [
        FollowUpLine(
            id=row[0],
            purpose=row[1],
            inferred_fields=row[2] or [],
            organisation=org_ref(row[3], row[4], row[5]),
            contact=PersonRef.of(row[6], row[7], row[8]),
            channel=row[9],
            due_date=row[10],
            status=row[11],
        )
        for row in rows
    ]
