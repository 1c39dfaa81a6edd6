"""What falls on each day of a month: meetings, action due dates, follow-ups due."""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, raiseload

from app.commitment.models import (
    ActionItem,
    FollowUp,
    FollowUpStatus,
    action_is_open,
)
from app.meeting.models import Meeting
from app.meeting.queries import for_a_list

# A day shows at most this many items of each kind, and how many more there are: a
# month of hundreds of meetings stays a readable (and quick) page.
PER_DAY = 4


@dataclass
class Day:
    day: date
    in_month: bool
    meetings: list[Meeting] = field(default_factory=list)
    actions: list[ActionItem] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)
    more_meetings: int = 0
    more_actions: int = 0
    more_follow_ups: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.meetings or self.actions or self.follow_ups)


@dataclass
class Month:
    first: date
    weeks: list[list[Day]]

    @property
    def previous(self) -> date:
        return (self.first - timedelta(days=1)).replace(day=1)

    @property
    def next(self) -> date:
        return (self.first + timedelta(days=32)).replace(day=1)


T = TypeVar("T", Meeting, ActionItem, FollowUp)


def _first_of_each_day(
    session: Session,
    stmt: Select[T],
    entity: type[T],
    day: Any,
    order: tuple[Any, ...],
    conditions: tuple[Any, ...],
) -> tuple[dict[date, list[T]], dict[date, int]]:
    """The first PER_DAY rows of each day (ranked in the database) and each day's count.
    The chosen ids are read first and the rows then fetched by id: as one statement with
    the ranking as a subquery, PostgreSQL expected some thousand rows and hashed the whole
    table for them (22 ms at `large`, against 1 for a month's 168 meetings by id)."""
    rank = func.row_number().over(partition_by=day, order_by=order).label("rank")
    ranked = select(entity.id, rank).where(*conditions).subquery()
    chosen = list(session.scalars(select(ranked.c.id).where(ranked.c.rank <= PER_DAY)))
    rows: dict[date, list[T]] = defaultdict(list)
    if chosen:
        stmt = stmt.where(entity.id.in_(chosen)).order_by(None).order_by(*order)
        for row in session.scalars(stmt):
            rows[getattr(row, day.key)].append(row)
    counts = session.execute(select(day, func.count()).where(*conditions).group_by(day))
    return rows, dict(counts.all())


def month_grid(session: Session, first: date) -> Month:
    weeks = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(
        first.year, first.month
    )
    start, end = weeks[0][0], weeks[-1][-1]
    meetings, meeting_counts = _first_of_each_day(
        session,
        select(Meeting).options(*for_a_list()),
        Meeting,
        Meeting.date,
        (Meeting.date, Meeting.start_time.nulls_first(), Meeting.id),
        (Meeting.archived_at.is_(None), Meeting.date.between(start, end)),
    )
    actions, action_counts = _first_of_each_day(
        session,
        select(ActionItem).options(raiseload("*")),  # a day shows each action's text alone
        ActionItem,
        ActionItem.due_date,
        (ActionItem.due_date, ActionItem.id),
        (
            ActionItem.archived_at.is_(None),
            action_is_open(),
            ActionItem.due_date.between(start, end),
        ),
    )
    follow_ups, follow_up_counts = _first_of_each_day(
        session,
        select(FollowUp).options(raiseload("*")),  # and each follow-up's purpose
        FollowUp,
        FollowUp.due_date,
        (FollowUp.due_date, FollowUp.id),
        (
            FollowUp.archived_at.is_(None),
            FollowUp.status == FollowUpStatus.due.value,
            FollowUp.due_date.between(start, end),
        ),
    )

    def day_of(d: date) -> Day:
        return Day(
            d,
            d.month == first.month,
            meetings[d],
            actions[d],
            follow_ups[d],
            more_meetings=meeting_counts.get(d, 0) - len(meetings[d]),
            more_actions=action_counts.get(d, 0) - len(actions[d]),
            more_follow_ups=follow_up_counts.get(d, 0) - len(follow_ups[d]),
        )

    return Month(first=first, weeks=[[day_of(d) for d in week] for week in weeks])
