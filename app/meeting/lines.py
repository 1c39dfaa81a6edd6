"""Meetings as a timeline's table shows them (meeting_table in templates/meeting/_macros.html),
read as columns (app.lines)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from app.meeting.models import Meeting, MeetingLabels


@dataclass(frozen=True, slots=True)
class MeetingLine(MeetingLabels):
    id: int
    title: str
    date: date | None
    date_confirmed: bool
    kind: str
    city: str | None
    province: str | None


@cache
def _meeting_lines() -> Select[*tuple[Any, ...]]:
    """Built once, like app.commitment.lines' statements."""
    return select(
        Meeting.id,
        Meeting.title,
        Meeting.date,
        Meeting.date_confirmed,
        Meeting.kind,
        Meeting.city,
        Meeting.province,
    ).where(Meeting.id.in_(bindparam("ids", expanding=True)))


def meeting_lines(session: Session, ids: Sequence[int]) -> list[MeetingLine]:
    return [MeetingLine(*row) for row in session.execute(_meeting_lines(), {"ids": list(ids)})]
