"""A year of meetings built to catch what a printed report can get wrong: a meeting in
every month, provinces with the longest names, a pledge far longer than a line, and
counterpart people whose organisation must be named beside them."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from app.commitment.models import Pledge
from app.contact.models import Affiliation, Contact
from app.meeting.models import Meeting, Participant
from app.organisation.models import Organisation

YEAR = 2025
PROVINCES = (
    "islamabad_capital_territory",
    "khyber_pakhtunkhwa",
    "gilgit_baltistan",
    "azad_jammu_kashmir",
)
PROVINCE_NAMES = (
    "Islamabad Capital Territory",
    "Khyber Pakhtunkhwa",
    "Gilgit-Baltistan",
    "Azad Jammu and Kashmir",
)
LONG_PLEDGE = (
    "The Board of Investment will table the revised incentive package for special "
    "technology zones before the federal cabinet, with the tax holiday extended to fifteen "
    "years for zone developers and enterprises, and share the cabinet summary with STZA "
    "within two weeks of its approval."
)
PERSON = "Ms Farah Qureshi"
PERSON_TITLE = "Director Investment Facilitation"
PERSON_ORGANISATION = "Board of Investment Islamabad Regional Office"


def a_year_of_meetings(session: Session) -> list[Meeting]:
    """One meeting a month through YEAR; the first carries the long pledge and the
    person. Flushes and commits nothing: the caller decides."""
    board = Organisation(name=PERSON_ORGANISATION, kind="federal_government")
    person = Contact(honorific="Ms", full_name="Farah Qureshi")
    session.add_all([board, person])
    session.flush()
    affiliation = Affiliation(contact_id=person.id, organisation_id=board.id, title=PERSON_TITLE)
    session.add(affiliation)
    session.flush()
    meetings = []
    for month in range(1, 13):
        meeting = Meeting(
            title=f"Zone incentives review, month {month}",
            kind="working_meeting",
            date=date(YEAR, month, 28 if month == 9 else 3),
            status="held",
            province=PROVINCES[month % len(PROVINCES)],
            participants=[
                Participant(
                    organisation_id=board.id,
                    contact_id=person.id,
                    affiliation_id=affiliation.id,
                    side="counterpart",
                    role="led_delegation",
                )
            ],
        )
        meetings.append(meeting)
    session.add_all(meetings)
    session.flush()
    session.add(
        Pledge(
            meeting_id=meetings[0].id,
            maker_organisation_id=board.id,
            maker_contact_id=person.id,
            text=LONG_PLEDGE,
            kind="deliverable",
            due_date=date(YEAR, 9, 30),
        )
    )
    session.flush()
    return meetings
