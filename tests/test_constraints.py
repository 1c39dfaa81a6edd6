"""The database itself refuses bad data, and the refusal reads as a clear sentence."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.commitment.models import Pledge
from app.constraints import describe_integrity_error
from app.meeting.models import Meeting
from app.organisation.models import Organisation


def refused(session: Session, obj: object) -> str:
    session.add(obj)
    with pytest.raises(IntegrityError) as caught, session.begin_nested():
        session.flush()
    return describe_integrity_error(caught.value)


def test_duplicate_organisation_name_in_another_case_is_refused(session):
    message = refused(
        session, Organisation(name="pakistan SOFTWARE houses association", kind="company")
    )
    assert message.startswith("An organisation with this name already exists")


def test_influence_of_seven_is_refused(session):
    message = refused(session, Organisation(name="Seven Ltd", kind="company", influence=7))
    assert message == "Influence must be a whole number from 1 to 5."


def test_unknown_kind_is_refused(session):
    message = refused(session, Organisation(name="Odd body", kind="guild"))
    assert "not one of the allowed choices" in message


def test_pledge_without_a_maker_is_refused(session):
    meeting = session.scalars(select(Meeting).limit(1)).one()
    message = refused(session, Pledge(meeting_id=meeting.id, text="Something", kind="support"))
    assert message == "A pledge needs a maker: the organisation that made it."


def test_pledge_with_an_unknown_maker_is_refused(session):
    meeting = session.scalars(select(Meeting).limit(1)).one()
    pledge = Pledge(meeting_id=meeting.id, maker_organisation_id=999_999, text="x", kind="support")
    assert "does not exist" in refused(session, pledge)


def test_undated_meeting_cannot_claim_a_confirmed_date(session):
    meeting = Meeting(title="Undated", kind="call", date=None, date_confirmed=True, status="held")
    assert refused(session, meeting) == "A meeting without a date cannot have a confirmed date."
