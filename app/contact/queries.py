"""Every SELECT for contacts and affiliations."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import Field
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from app.contact.models import Affiliation, Contact
from app.errors import NotFound
from app.filtering import QueryForm
from app.meeting.models import Meeting, Participant
from app.meeting.queries import newest_first


class ContactFilters(QueryForm):
    """The contact list's search form."""

    q: str | None = Field(None, max_length=200)
    organisation: int | None = None


def contact_list_stmt(q: str | None = None, organisation_id: int | None = None) -> Select[Contact]:
    """Live contacts by name; with an organisation, only the people there now."""
    stmt = (
        select(Contact)
        .where(Contact.archived_at.is_(None))
        .options(selectinload(Contact.affiliations).selectinload(Affiliation.organisation))
    )
    if q:
        stmt = stmt.where(func.lower(Contact.full_name).like(f"%{q.strip().lower()}%"))
    if organisation_id is not None:
        there_now = select(Affiliation.contact_id).where(
            Affiliation.organisation_id == organisation_id,
            Affiliation.end_date.is_(None),
            Affiliation.archived_at.is_(None),
        )
        stmt = stmt.where(Contact.id.in_(there_now))
    return stmt.order_by(func.lower(Contact.full_name), Contact.id)


def get_contact_detail(session: Session, contact_id: int) -> Contact:
    stmt = (
        select(Contact)
        .where(Contact.id == contact_id)
        .options(selectinload(Contact.affiliations).selectinload(Affiliation.organisation))
    )
    contact = session.scalars(stmt).one_or_none()
    if contact is None:
        raise NotFound(f"There is no contact number {contact_id}.")
    return contact


def meetings_attended(session: Session, contact_id: int, limit: int = 50) -> Sequence[Meeting]:
    attended = select(Participant.meeting_id).where(Participant.contact_id == contact_id)
    stmt = select(Meeting).where(Meeting.id.in_(attended), Meeting.archived_at.is_(None))
    return session.scalars(newest_first(stmt).limit(limit)).all()
