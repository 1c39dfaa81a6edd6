"""Every SELECT for meetings."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload, selectinload

from app.contact.models import Affiliation
from app.errors import NotFound
from app.meeting.models import Meeting, Participant, Presentation


def newest_first(stmt: Select[tuple[Meeting]]) -> Select[tuple[Meeting]]:
    # Undated meetings (no date in the source) sort after dated ones on every engine.
    return stmt.order_by(Meeting.date.desc().nulls_last(), Meeting.id.desc())


def with_participants() -> list[object]:
    return [
        selectinload(Meeting.participants).options(
            joinedload(Participant.contact),
            joinedload(Participant.organisation),
            joinedload(Participant.affiliation).joinedload(Affiliation.organisation),
        ),
    ]


def meeting_list_stmt(*, include_archived: bool = False) -> Select[tuple[Meeting]]:
    stmt = select(Meeting).options(*with_participants(), selectinload(Meeting.topics))
    if not include_archived:
        stmt = stmt.where(Meeting.archived_at.is_(None))
    return newest_first(stmt)


def recent_meetings(session: Session, limit: int = 10) -> Sequence[Meeting]:
    return session.scalars(meeting_list_stmt().limit(limit)).all()


def get_meeting_detail(session: Session, meeting_id: int) -> Meeting:
    stmt = (
        select(Meeting)
        .where(Meeting.id == meeting_id)
        .options(
            *with_participants(),
            selectinload(Meeting.presentations).options(
                joinedload(Presentation.presenter),
                joinedload(Presentation.organisation),
                joinedload(Presentation.topic),
            ),
            selectinload(Meeting.topics),
            joinedload(Meeting.lead),
        )
    )
    meeting = session.scalars(stmt).one_or_none()
    if meeting is None:
        raise NotFound(f"There is no meeting number {meeting_id}.")
    return meeting
