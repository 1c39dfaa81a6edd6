"""Plain rows for lists: what a table on a page shows of each record, read as columns.

A busy body's page lists about a hundred pledges, actions, follow-ups and meetings. Built
as ORM objects with their joined bodies, people and meetings, they were a quarter of the
page's time; read as the few columns the tables show, a third to a half of that (25
pledges: 3.0 to 0.9 ms on SQLite, 3.8 to 2.0 on PostgreSQL, at `large`). A line has
the attribute names of the record it stands for, so the shared table macros show either.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from sqlalchemy.orm import Session

from app.contact.models import display_name


@dataclass(frozen=True, slots=True)
class OrgRef:
    """A body as a line names and links it."""

    id: int
    name: str
    acronym: str | None


@dataclass(frozen=True, slots=True)
class PersonRef:
    """A person (or a member of staff) as a line names and links them."""

    id: int
    display_name: str

    @classmethod
    def of(
        cls, contact_id: int | None, honorific: str | None, full_name: str | None
    ) -> PersonRef | None:
        if contact_id is None or full_name is None:
            return None
        return cls(contact_id, display_name(honorific, full_name))


@dataclass(frozen=True, slots=True)
class MeetingRef:
    """The meeting a pledge, action or follow-up came from, as a line links it."""

    id: int
    title: str
    date: date | None


def org_ref(org_id: int | None, name: str | None, acronym: str | None) -> OrgRef | None:
    """The body of an outer join: none when the row names none."""
    return OrgRef(org_id, name, acronym) if org_id is not None and name is not None else None


def meeting_ref(meeting_id: int | None, title: str | None, when: date | None) -> MeetingRef | None:
    """The meeting of an outer join: none when the row names none."""
    if meeting_id is None or title is None:
        return None
    return MeetingRef(meeting_id, title, when)


class HasId(Protocol):
    @property
    def id(self) -> int: ...


# Reads the lines of these ids, in any order (app.listing puts them in the ids' order).
LoadLines = Callable[[Session, Sequence[int]], Iterable[Any]]


def in_id_order(ids: Sequence[int], lines: Iterable[HasId]) -> list[Any]:
    """The lines in the order of `ids`; an id whose row has gone since is left out."""
    by_id = {line.id: line for line in lines}
    return [by_id[record_id] for record_id in ids if record_id in by_id]
