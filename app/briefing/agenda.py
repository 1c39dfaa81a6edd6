"""Suggested agenda points for the next meeting with a body, from what is actually open:
overdue pledges both ways, overdue actions and follow-ups (most overdue first), then what
the last meeting left open; a rhythm of meetings only when contact itself is overdue."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from app.commitment.models import ActionItem, FollowUp, Pledge
from app.meeting.models import Meeting
from app.organisation.models import Organisation


@dataclass
class AgendaFacts:
    """What the agenda is drawn from; a Briefing holds all of it."""

    organisation: Organisation
    today: date
    family: Sequence[int]  # the body and its departments and offices
    home_id: int | None  # the authority itself
    last_meeting: Meeting | None
    pledges: Sequence[Pledge]
    actions: Sequence[ActionItem]
    follow_ups: Sequence[FollowUp]
    contact_overdue: bool


def _whose(pledge: Pledge, facts: AgendaFacts) -> str:
    """'our', 'their' or the maker's name: a pledge between the body and a third party is
    neither ours nor theirs to chase."""
    maker = pledge.maker_organisation
    if pledge.maker_organisation_id == facts.home_id:
        return "our"
    if pledge.maker_organisation_id == facts.organisation.id:
        return "their"
    if pledge.maker_organisation_id in facts.family:
        return f"their ({maker.acronym or maker.name})"
    return f"{maker.acronym or maker.name}'s"


def _day(value: date) -> str:
    return f"{value:%-d %b %Y}"


def agenda_points(facts: AgendaFacts) -> list[str]:
    today, last = facts.today, facts.last_meeting
    overdue: list[tuple[int, str]] = []
    from_last: list[str] = []
    for p in facts.pledges:
        whose = _whose(p, facts)
        if p.is_overdue(today) and p.due_date is not None:
            days = (today - p.due_date).days
            due = f"due {_day(p.due_date)}, {days} days overdue"
            overdue.append((days, f"Chase {whose} pledge: {p.text} ({due})"))
        elif last is not None and p.meeting_id == last.id:
            from_last.append(f"Progress on {whose} pledge from the last meeting: {p.text}")
    for a in facts.actions:
        if a.is_overdue(today) and a.due_date is not None:
            days = (today - a.due_date).days
            overdue.append((days, f"Report on our overdue action: {a.text} ({days} days overdue)"))
        elif last is not None and a.meeting_id == last.id:
            from_last.append(f"Report on the action agreed at the last meeting: {a.text}")
    for f in facts.follow_ups:
        if f.is_overdue(today):
            days = (today - f.due_date).days
            overdue.append(
                (days, f"Close the overdue follow-up: {f.purpose} ({days} days overdue)")
            )
        elif last is not None and f.meeting_id == last.id:
            from_last.append(f"The follow-up planned at the last meeting: {f.purpose}")
    points = [text for _, text in sorted(overdue, key=lambda item: -item[0])] + from_last
    if facts.contact_overdue:
        points.append("Agree a regular rhythm of meetings: contact is overdue.")
    return points
