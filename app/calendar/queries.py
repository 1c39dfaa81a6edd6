"""What falls on each day of a month: meetings, action due dates, follow-ups due."""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from app.commitment.models import (
    ActionItem,
    FollowUp,
    FollowUpStatus,
    action_is_open,
)
from app.meeting.models import Meeting

# A day shows at most this many items of each kind, and how many more there are: a
# month of hundreds of meetings stays a readable (and quick) page.
PER_DAY = 4


@dataclass
class Day:
    """One day's first items of each kind, as plain rows of what the page shows (a
    meeting's id, time, title and whether its date is confirmed; an action's text; a
    follow-up's purpose), and how many more there are."""

    day: date
    in_month: bool
    meetings: list[Row[Any]] = field(default_factory=list)
    actions: list[Row[Any]] = field(default_factory=list)
    follow_ups: list[Row[Any]] = field(default_factory=list)
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


def _first_of_each_day(
    session: Session,
    shown: tuple[Any, ...],
    day: Any,
    order: tuple[Any, ...],
    conditions: tuple[Any, ...],
) -> tuple[dict[date, list[Row[Any]]], dict[date, int]]:
    """The `shown` columns of the first PER_DAY rows of each day, ranked in the database,
    and each day's count, in one statement: plain rows, not a record object for each of
    the month's few hundred items (most of the page's time at `large`)."""
    ranked = (
        select(
            day.label("day"),
            *shown,
            func.row_number().over(partition_by=day, order_by=order).label("rank"),
            func.count().over(partition_by=day).label("on_the_day"),
        )
        .where(*conditions)
        .subquery()
    )
    rows: dict[date, list[Row[Any]]] = defaultdict(list)
    counts: dict[date, int] = {}
    stmt = select(ranked).where(ranked.c.rank <= PER_DAY).order_by(ranked.c.day, ranked.c.rank)
    for row in session.execute(stmt):
        rows[row.day].append(row)
        counts[row.day] = row.on_the_day
    return rows, counts


def month_grid(session: Session, first: date) -> Month:
    weeks = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(
        first.year, first.month
    )
    start, end = weeks[0][0], weeks[-1][-1]
    meetings, meeting_counts = _first_of_each_day(
        session,
        (Meeting.id, Meeting.start_time, Meeting.title, Meeting.date_confirmed),
        Meeting.date,
        (Meeting.date, Meeting.start_time.nulls_first(), Meeting.id),
        (Meeting.archived_at.is_(None), Meeting.date.between(start, end)),
    )
    actions, action_counts = _first_of_each_day(
        session,
        (ActionItem.id, ActionItem.text),
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
        (FollowUp.id, FollowUp.purpose),
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
