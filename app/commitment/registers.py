"""The registers' filtered lists: pledges, action items and follow-ups."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from pydantic import Field
from sqlalchemy import Select, and_, case, false, or_, select, true
from sqlalchemy.orm import Session

from app.aggregates import kept_count, kept_rows
from app.commitment.models import (
    OPEN_ACTION_STATUSES,
    ActionItem,
    FollowUp,
    FollowUpStatus,
    Pledge,
    PledgeStatus,
    action_is_open,
    pledge_is_open,
    pledge_topic,
)
from app.commitment.queries import action_stmt, follow_up_stmt, pledge_stmt
from app.filtering import QueryForm
from app.forms import TypedDate
from app.listing import parse_sort
from app.meeting.models import Meeting, meeting_topic
from app.organisation.models import Organisation, Province
from app.tally.figures import kept_overdue
from app.tally.models import maker_tally

PLEDGE_SORTS = {
    "due_date": Pledge.due_date,
    "status": Pledge.status,
    "made": Meeting.date,
    "id": Pledge.id,
}


# The register's choice for pledges not yet kept nor given up: open or in progress, what
# the dashboard's "Open pledges" counts and links to.
STILL_OPEN = "still_open"


class PledgeFilters(QueryForm):
    """The pledge register's filter form."""

    maker: int | None = None
    recipient: int | None = None
    to_all: bool = False
    status: PledgeStatus | Literal["still_open"] | None = None
    topic: int | None = None
    province: Province | None = None
    overdue: bool = False
    owed: Literal["by_us", "to_us"] | None = None
    sort: str | None = Field(None, max_length=20)


def owed_condition(owed: str | None, home_id: int | None) -> Any:
    """Pledges we made ("by_us"), or that others made, to us or to every stakeholder
    ("to_us"). Without a home organisation in the database, we owe nothing."""
    if owed == "by_us":
        return Pledge.maker_organisation_id == home_id if home_id else false()
    if owed == "to_us":
        return Pledge.maker_organisation_id != home_id if home_id else true()
    return true()


def pledge_register_stmt(
    filters: PledgeFilters, today: date, home_id: int | None = None
) -> tuple[Select[Pledge], str]:
    stmt = pledge_stmt()
    sort, order = parse_sort(filters.sort, PLEDGE_SORTS, "due_date")
    if sort.removeprefix("-") == "made":
        stmt = stmt.join(Pledge.meeting)  # only this order needs the meeting's date
    if filters.maker:
        stmt = stmt.where(Pledge.maker_organisation_id == filters.maker)
    if filters.recipient:
        stmt = stmt.where(Pledge.recipient_organisation_id == filters.recipient)
    if filters.to_all:
        stmt = stmt.where(
            Pledge.recipient_organisation_id.is_(None), Pledge.to_all_stakeholders.is_(True)
        )
    if filters.status == STILL_OPEN:
        stmt = stmt.where(pledge_is_open())
    elif filters.status:
        stmt = stmt.where(Pledge.status == filters.status)
    if filters.topic:
        # Its own topics (set by ingest and the API) or its meeting's, as the report reads
        # them: the meeting form gives a pledge none of its own, so by its own alone no
        # pledge logged there was ever found.
        own = select(pledge_topic.c.pledge_id).where(pledge_topic.c.topic_id == filters.topic)
        met = select(meeting_topic.c.meeting_id).where(meeting_topic.c.topic_id == filters.topic)
        stmt = stmt.where(or_(Pledge.id.in_(own), Pledge.meeting_id.in_(met)))
    if filters.province:
        in_province = select(Organisation.id).where(Organisation.province == filters.province)
        stmt = stmt.where(Pledge.maker_organisation_id.in_(in_province))
    if filters.overdue:
        stmt = stmt.where(pledge_is_open(), Pledge.due_date < today)
    if filters.owed:
        stmt = stmt.where(owed_condition(filters.owed, home_id))
    return stmt.order_by(*order, Pledge.id.desc()), sort


def pledge_total_of(
    session: Session, filters: PledgeFilters, today: date
) -> Callable[[], int] | None:
    """For the register's overdue pledges with no other filter (the dashboard's link),
    their total from the due tallies (app.listing.paginate): counting the 30,000 overdue
    pledges at `large` took 4 ms on SQLite. None for any other choice, counted from the
    pledges; a filter added later chooses something else, and is counted too."""
    if set(filters.query_args()) - {"sort"} != {"overdue"}:
        return None
    return lambda: kept_count(session, kept_overdue("pledge", today))


PARTY_CHOICES = 100


def pledge_parties(session: Session, selected: list[int | None]) -> list[Organisation]:
    """The choices of the register's maker and recipient filters: the organisations that
    made the most pledges (a list of thousands helps no one), from the maker tally and
    kept until a tally changes, and any already chosen."""

    t = maker_tally
    busiest = (
        select(t.c.organisation_id)
        .order_by(t.c.pledges.desc(), t.c.organisation_id)
        .limit(PARTY_CHOICES)
    )
    wanted = {*(row[0] for row in kept_rows(session, busiest)), *filter(None, selected)}
    stmt = select(Organisation).where(Organisation.id.in_(wanted))
    return sorted(session.scalars(stmt), key=lambda o: (o.acronym or o.name).casefold())


class ActionListForm(QueryForm):
    """The action items' filter form: whose, which status, and (from the calendar) a day."""

    who: Literal["mine", "all"] = "mine"
    status: Literal["open", "in_progress", "done", "cancelled", "any"] = "open"
    overdue: bool = False
    due: TypedDate | None = None


class FollowUpListForm(QueryForm):
    """The follow-ups' choice of window, and (from the calendar) a day."""

    window: Literal["week", "overdue", "due", "closed"] = "due"
    due: TypedDate | None = None


@dataclass(frozen=True)
class ActionFilters:
    owner_id: int | None  # None: everyone's
    status: str | None = "open"
    due: date | None = None  # only those due that day (the calendar's "more due" links)
    overdue: bool = False


def action_register_stmt(filters: ActionFilters, today: date) -> Select[ActionItem]:
    stmt = action_stmt()
    if filters.owner_id is not None:
        stmt = stmt.where(ActionItem.owner_id == filters.owner_id)
    if filters.status == "open":
        stmt = stmt.where(action_is_open())
    elif filters.status:
        stmt = stmt.where(ActionItem.status == filters.status)
    if filters.due:
        stmt = stmt.where(ActionItem.due_date == filters.due)
    if filters.overdue:
        stmt = stmt.where(action_is_open(), ActionItem.due_date < today)
    # Overdue first, then by due date, undated last. When every row listed is open, the
    # overdue ones are the earliest due, so the due date alone orders them, and the open
    # actions' partial index gives a first page without sorting every open action (29 ms
    # at `large` on PostgreSQL).
    by_due_date = (ActionItem.due_date.asc().nulls_last(), ActionItem.id)
    if filters.overdue or filters.status in OPEN_ACTION_STATUSES:
        return stmt.order_by(None).order_by(*by_due_date)
    overdue_first = case((and_(ActionItem.due_date < today, action_is_open()), 0), else_=1)
    return stmt.order_by(None).order_by(overdue_first, *by_due_date)


FOLLOW_UP_WINDOWS = ("week", "overdue", "due", "closed")


def follow_up_register_stmt(window: str, today: date, due: date | None = None) -> Select[FollowUp]:
    stmt = follow_up_stmt()
    if due:
        stmt = stmt.where(FollowUp.due_date == due)
    is_due = FollowUp.status == FollowUpStatus.due.value
    if window == "week":
        return stmt.where(
            is_due, FollowUp.due_date >= today, FollowUp.due_date <= today + timedelta(days=7)
        )
    if window == "overdue":
        return stmt.where(is_due, FollowUp.due_date < today)
    if window == "closed":
        return stmt.where(~is_due).order_by(None).order_by(FollowUp.due_date.desc(), FollowUp.id)
    return stmt.where(is_due)
