"""The report's tables as rows of plain values, streamed from the database in batches.

One definition per table serves every format: the CSV files, the spreadsheet sheets and
the meeting list of the printed report read the same rows, so nothing can be left out of
one format and not another."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, case, func, literal, select
from sqlalchemy.orm import Session, aliased

from app.account.models import User
from app.commitment.models import ActionItem, FollowUp, Pledge, PledgeKind
from app.commitment.recipients import ALL_STAKEHOLDERS, NOT_NAMED
from app.contact.models import Affiliation, Contact
from app.meeting.models import Meeting, MeetingKind, Participant, ParticipantRole, meeting_topic
from app.organisation.models import Organisation, Province
from app.topic.models import Topic

BATCH = 1000


@dataclass(frozen=True)
class Table:
    name: str
    headers: tuple[str, ...]
    statement: Callable[[Any, str], Select[*tuple[Any, ...]]]


def _meetings(ids: Any, dialect: str) -> Select[*tuple[Any, ...]]:
    lead = aliased(User)
    joined = (
        func.string_agg(Topic.name, literal("; "))
        if dialect == "postgresql"
        else func.group_concat(Topic.name, "; ")
    )
    topics = (
        select(joined)
        .join(meeting_topic, meeting_topic.c.topic_id == Topic.id)
        .where(meeting_topic.c.meeting_id == Meeting.id)
        .correlate(Meeting)
        .scalar_subquery()
    )
    return (
        select(
            Meeting.id,
            Meeting.date,
            Meeting.date_confirmed,
            Meeting.title,
            Meeting.kind,
            Meeting.status,
            Meeting.venue,
            Meeting.city,
            Meeting.province,
            lead.display_name,
            topics,
            Meeting.summary,
        )
        .outerjoin(lead, lead.id == Meeting.lead_id)
        .where(Meeting.id.in_(ids))
        .order_by(Meeting.date, Meeting.id)
    )


def _participants(ids: Any, _dialect: str) -> Select[*tuple[Any, ...]]:
    return (
        select(
            Meeting.id,
            Meeting.date,
            Meeting.title,
            Participant.side,
            Participant.role,
            Organisation.name,
            Contact.honorific,
            Contact.full_name,
            Affiliation.title,
        )
        .join(Meeting, Meeting.id == Participant.meeting_id)
        .outerjoin(Organisation, Organisation.id == Participant.organisation_id)
        .outerjoin(Contact, Contact.id == Participant.contact_id)
        .outerjoin(Affiliation, Affiliation.id == Participant.affiliation_id)
        .where(Participant.meeting_id.in_(ids))
        .order_by(Meeting.date, Meeting.id, Participant.position, Participant.id)
    )


def _pledges(ids: Any, _dialect: str) -> Select[*tuple[Any, ...]]:
    maker, recipient = aliased(Organisation), aliased(Organisation)
    return (
        select(
            Pledge.id,
            Meeting.id,
            Meeting.date,
            Meeting.title,
            maker.name,
            Contact.full_name,
            func.coalesce(
                recipient.name,
                case(
                    (Pledge.to_all_stakeholders.is_(True), literal(ALL_STAKEHOLDERS)),
                    else_=literal(NOT_NAMED),
                ),
            ),
            Pledge.text,
            Pledge.kind,
            Pledge.due_date,
            Pledge.status,
        )
        .join(Meeting, Meeting.id == Pledge.meeting_id)
        .join(maker, maker.id == Pledge.maker_organisation_id)
        .outerjoin(recipient, recipient.id == Pledge.recipient_organisation_id)
        .outerjoin(Contact, Contact.id == Pledge.maker_contact_id)
        .where(Pledge.meeting_id.in_(ids), Pledge.archived_at.is_(None))
        .order_by(Meeting.date, Pledge.id)
    )


def _actions(ids: Any, _dialect: str) -> Select[*tuple[Any, ...]]:
    return (
        select(
            ActionItem.id,
            Meeting.id,
            Meeting.title,
            ActionItem.text,
            User.display_name,
            ActionItem.due_date,
            ActionItem.priority,
            ActionItem.status,
            ActionItem.completed_at,
        )
        .join(Meeting, Meeting.id == ActionItem.meeting_id)
        .outerjoin(User, User.id == ActionItem.owner_id)
        .where(ActionItem.meeting_id.in_(ids), ActionItem.archived_at.is_(None))
        .order_by(ActionItem.due_date.nulls_last(), ActionItem.id)
    )


def _follow_ups(ids: Any, _dialect: str) -> Select[*tuple[Any, ...]]:
    return (
        select(
            FollowUp.id,
            Meeting.id,
            Meeting.title,
            Organisation.name,
            Contact.full_name,
            FollowUp.due_date,
            FollowUp.channel,
            FollowUp.purpose,
            FollowUp.status,
        )
        .join(Meeting, Meeting.id == FollowUp.meeting_id)
        .outerjoin(Organisation, Organisation.id == FollowUp.organisation_id)
        .outerjoin(Contact, Contact.id == FollowUp.contact_id)
        .where(FollowUp.meeting_id.in_(ids), FollowUp.archived_at.is_(None))
        .order_by(FollowUp.due_date, FollowUp.id)
    )


TABLES = (
    Table(
        "meetings",
        (
            "Meeting id",
            "Date",
            "Date confirmed",
            "Title",
            "Kind",
            "Status",
            "Venue",
            "City",
            "Province",
            "Our lead",
            "Topics",
            "Summary",
        ),
        _meetings,
    ),
    Table(
        "participants",
        (
            "Meeting id",
            "Meeting date",
            "Meeting",
            "Side",
            "Role",
            "Organisation",
            "Honorific",
            "Name",
            "Title that day",
        ),
        _participants,
    ),
    Table(
        "pledges",
        (
            "Pledge id",
            "Meeting id",
            "Meeting date",
            "Meeting",
            "Made by",
            "Made by (person)",
            "Made to",
            "Pledge",
            "Kind",
            "Due",
            "Status",
        ),
        _pledges,
    ),
    Table(
        "actions",
        (
            "Action id",
            "Meeting id",
            "Meeting",
            "Action",
            "Owner",
            "Due",
            "Priority",
            "Status",
            "Completed at",
        ),
        _actions,
    ),
    Table(
        "follow_ups",
        (
            "Follow-up id",
            "Meeting id",
            "Meeting",
            "Organisation",
            "Contact",
            "Due",
            "Channel",
            "Purpose",
            "Status",
        ),
        _follow_ups,
    ),
)
TABLES_BY_NAME = {t.name: t for t in TABLES}


def _words(value: Any) -> Any:
    """A stored code as people say it ("in_progress" -> "In progress")."""
    return value.replace("_", " ").capitalize() if isinstance(value, str) else value


def _labelled(*choices: type[enum.Enum]) -> Callable[[Any], Any]:
    labels = {m.value: getattr(m, "label", None) or _words(m.value) for c in choices for m in c}
    return lambda value: labels.get(value, _words(value))


# Columns that hold codes, by header: files for a Secretary say what the pages say.
LABELS: dict[str, Callable[[Any], Any]] = {
    "Kind": _labelled(MeetingKind, PledgeKind),
    "Province": _labelled(Province),
    "Role": _labelled(ParticipantRole),
    "Side": lambda value: {"ours": "Our side"}.get(value, _words(value)),
    "Status": _words,
    "Priority": _words,
    "Channel": _words,
}


def stream_rows(session: Session, table: Table, ids: Any) -> Iterator[tuple[Any, ...]]:
    """Rows in batches through a server-side cursor where the engine has one, codes
    given as their labels."""
    dialect = session.get_bind().dialect.name
    stmt = table.statement(ids, dialect).execution_options(yield_per=BATCH, stream_results=True)
    labellers = [LABELS.get(header) for header in table.headers]
    for row in session.execute(stmt):
        yield tuple(f(v) if f and v is not None else v for f, v in zip(labellers, row, strict=True))
