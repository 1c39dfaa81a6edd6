"""What falls on each day of a month: meetings, action due dates, follow-ups due."""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.commitment.models import OPEN_ACTION_STATUSES, ActionItem, FollowUp, FollowUpStatus
from app.commitment.queries import action_stmt, follow_up_stmt
from app.meeting.models import Meeting


@dataclass
class Day:
    day: date
    in_month: bool
    meetings: list[Meeting] = field(default_factory=list)
    actions: list[ActionItem] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)

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


def month_grid(session: Session, first: date) -> Month:
    weeks = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(
        first.year, first.month
    )
    start, end = weeks[0][0], weeks[-1][-1]
    meetings: dict[date, list[Meeting]] = defaultdict(list)
    actions: dict[date, list[ActionItem]] = defaultdict(list)
    follow_ups: dict[date, list[FollowUp]] = defaultdict(list)
    meeting_stmt = (
        select(Meeting)
        .where(Meeting.archived_at.is_(None), Meeting.date.between(start, end))
        .order_by(Meeting.date, Meeting.start_time.nulls_first(), Meeting.id)
    )
    for meeting in session.scalars(meeting_stmt):
        meetings[meeting.date].append(meeting)
    due_actions = action_stmt().where(
        ActionItem.status.in_(OPEN_ACTION_STATUSES), ActionItem.due_date.between(start, end)
    )
    for action in session.scalars(due_actions):
        actions[action.due_date].append(action)
    due_follow_ups = follow_up_stmt().where(
        FollowUp.status == FollowUpStatus.due.value, FollowUp.due_date.between(start, end)
    )
    for item in session.scalars(due_follow_ups):
        follow_ups[item.due_date].append(item)
    return Month(
        first=first,
        weeks=[
            [Day(d, d.month == first.month, meetings[d], actions[d], follow_ups[d]) for d in week]
            for week in weeks
        ],
    )
