"""Every SELECT for pledges, action items and follow-ups."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from app.aggregates import kept_count
from app.commitment.lines import PledgeLine, pledge_lines
from app.commitment.models import (
    ActionItem,
    FollowUp,
    FollowUpStatus,
    Pledge,
    PledgeStatusChange,
    action_is_open,
    pledge_is_open,
)
from app.lines import LoadLines
from app.listing import fetch, first_page_among
from app.meeting.queries import its_meeting
from app.tally.models import maker_tally


def pledge_stmt() -> Select[Pledge]:
    """Pledges with what their pages show. Not their topics, which no page shows (the API
    loads them itself): loading them took one more statement for every list of pledges."""
    return (
        select(Pledge)
        .where(Pledge.archived_at.is_(None))
        .options(
            its_meeting(Pledge.meeting),
            joinedload(Pledge.maker_organisation),
            joinedload(Pledge.maker_contact),
            joinedload(Pledge.recipient_organisation),
        )
    )


def with_history(stmt: Select[Pledge]) -> Select[Pledge]:
    return stmt.options(
        selectinload(Pledge.history).options(
            joinedload(PledgeStatusChange.changed_by),
            joinedload(PledgeStatusChange.evidence_meeting),
        )
    )


def _pledge_order(stmt: Select[Pledge]) -> Select[Pledge]:
    # Soonest due first, then the most recently recorded (ids grow with time): one table,
    # so the order comes from the pledge indexes alone.
    return stmt.order_by(Pledge.due_date.asc().nulls_last(), Pledge.id.desc())


def open_pledges(session: Session, limit: int = 10) -> list[PledgeLine]:
    """The open pledges due soonest, as the dashboard lists them (app.lines)."""
    stmt = _pledge_order(pledge_stmt().where(pledge_is_open()))
    return fetch(session, stmt, limit, lines=pledge_lines)


def pledges_for_meeting(session: Session, meeting_id: int) -> Sequence[Pledge]:
    stmt = with_history(pledge_stmt().where(Pledge.meeting_id == meeting_id)).order_by(Pledge.id)
    return session.scalars(stmt).unique().all()


def _ids(organisations: int | Sequence[int]) -> list[int]:
    return [organisations] if isinstance(organisations, int) else list(organisations)


def pledges_involving(
    session: Session,
    organisation_id: int | Sequence[int],
    *,
    open_only: bool = False,
    limit: int = 25,
    lines: LoadLines | None = None,
) -> Sequence[Any]:
    """Pledges made by or to an organisation (or any of several): open ones first,
    soonest due first. Bounded, because a busy body can hold thousands; the register
    lists them all. As records, or as `lines` reads them."""
    ids = _ids(organisation_id)
    if made_at_least(session, ids, BUSY_PLEDGES):
        found = pledges_among_everyones_soonest(session, ids, limit, lines=lines)
        if found is not None:
            return found
    return pledges_read_whole(session, ids, open_only=open_only, limit=limit, lines=lines)


def _involving(ids: list[int]) -> ColumnElement[bool]:
    return or_(Pledge.maker_organisation_id.in_(ids), Pledge.recipient_organisation_id.in_(ids))


def pledges_read_whole(
    session: Session,
    ids: list[int],
    *,
    open_only: bool = False,
    limit: int = 25,
    lines: LoadLines | None = None,
) -> list[Any]:
    """The first `limit` pledges made by or to these bodies, from all of theirs."""
    stmt = pledge_stmt().where(_involving(ids))
    if open_only:
        stmt = stmt.where(pledge_is_open())
    still_open = pledge_is_open()
    stmt = stmt.order_by(still_open.desc(), Pledge.due_date.asc().nulls_last(), Pledge.id.desc())
    return fetch(session, stmt, limit, lines=lines)


# A busy body's pledges (the authority made half of the 60,000 at `large`) are first
# looked for among everyone's soonest-due open pledges (app.listing.first_page_among).
EVERYONES_SOONEST = 2000
BUSY_PLEDGES = 2000


def made_at_least(session: Session, ids: list[int], pledges: int) -> bool:
    """Whether these bodies made at least this many live pledges, from the maker tally,
    kept until a tally changes: counting the pledges made by or to a body, up to 2,000,
    was a statement on every first view of its page (2 ms on PostgreSQL at `large`). A
    body busy by the pledges made to it alone has its pledges read whole: correct, and
    slower only for it."""
    t = maker_tally
    made = select(func.coalesce(func.sum(t.c.pledges), 0)).where(t.c.organisation_id.in_(ids))
    return kept_count(session, made) >= pledges


def pledges_among_everyones_soonest(
    session: Session, ids: list[int], limit: int, *, lines: LoadLines | None = None
) -> list[Any] | None:
    """The open pledges made by or to these bodies that are due soonest, when everyone's
    soonest-due open pledges hold `limit` of them. They come first in the organisation
    page's order (open first, soonest due, undated last), and in the briefing's. Read from
    the open pledges' index, which holds who made each pledge and to whom."""
    soonest = (
        select(
            Pledge.id,
            Pledge.due_date,
            Pledge.maker_organisation_id,
            Pledge.recipient_organisation_id,
        )
        .where(Pledge.archived_at.is_(None), pledge_is_open(), Pledge.due_date.is_not(None))
        .order_by(Pledge.due_date, Pledge.id.desc())
        .limit(EVERYONES_SOONEST)
        .subquery()
    )
    theirs = or_(
        soonest.c.maker_organisation_id.in_(ids), soonest.c.recipient_organisation_id.in_(ids)
    )
    order = [soonest.c.due_date, soonest.c.id.desc()]
    return first_page_among(session, soonest, theirs, order, pledge_stmt(), limit, lines=lines)


def pledges_by_contact(session: Session, contact_id: int) -> Sequence[Pledge]:
    stmt = pledge_stmt().where(Pledge.maker_contact_id == contact_id)
    return session.scalars(_pledge_order(stmt)).unique().all()


def action_stmt() -> Select[ActionItem]:
    return (
        select(ActionItem)
        .where(ActionItem.archived_at.is_(None))
        .options(
            joinedload(ActionItem.owner),
            its_meeting(ActionItem.meeting),
            joinedload(ActionItem.organisation),
        )
        .order_by(ActionItem.due_date.asc().nulls_last(), ActionItem.id)
    )


def actions_for_meeting(session: Session, meeting_id: int) -> Sequence[ActionItem]:
    return session.scalars(action_stmt().where(ActionItem.meeting_id == meeting_id)).all()


def open_actions_for_organisation(
    session: Session,
    organisation_id: int | Sequence[int],
    limit: int = 25,
    *,
    lines: LoadLines | None = None,
) -> Sequence[Any]:
    stmt = action_stmt().where(
        ActionItem.organisation_id.in_(_ids(organisation_id)),
        action_is_open(),
    )
    return fetch(session, stmt, limit, lines=lines)


def follow_up_stmt() -> Select[FollowUp]:
    return (
        select(FollowUp)
        .where(FollowUp.archived_at.is_(None))
        .options(
            joinedload(FollowUp.organisation),
            joinedload(FollowUp.contact),
            joinedload(FollowUp.owner),
            its_meeting(FollowUp.meeting),
        )
        .order_by(FollowUp.due_date, FollowUp.id)
    )


def follow_ups_for_meeting(session: Session, meeting_id: int) -> Sequence[FollowUp]:
    return session.scalars(follow_up_stmt().where(FollowUp.meeting_id == meeting_id)).all()


def due_follow_ups_for_organisation(
    session: Session,
    organisation_id: int | Sequence[int],
    limit: int = 25,
    *,
    lines: LoadLines | None = None,
) -> Sequence[Any]:
    stmt = follow_up_stmt().where(
        FollowUp.organisation_id.in_(_ids(organisation_id)),
        FollowUp.status == FollowUpStatus.due.value,
    )
    return fetch(session, stmt, limit, lines=lines)
