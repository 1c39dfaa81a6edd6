"""Pages issue a number of SQL statements that does not grow with the rows they show."""

from __future__ import annotations

from datetime import date

import pytest

from app.commitment.models import ActionItem, Pledge
from app.contact.models import Affiliation, Contact
from app.meeting.models import Meeting, Participant
from app.organisation.models import Organisation, OrganisationAlias


def add_busy_organisation(session, rows: int) -> Organisation:
    org = Organisation(
        name=f"Busy Body {rows}",
        kind="company",
        aliases=[OrganisationAlias(alias=f"BB{rows}-{i}") for i in range(3)],
    )
    session.add(org)
    session.flush()
    for n in range(rows):
        contact = Contact(full_name=f"Person {rows}-{n}")
        contact.affiliations = [Affiliation(organisation_id=org.id, title="Director")]
        meeting = Meeting(
            title=f"Meeting {rows}-{n}", kind="call", date=date(2025, 1, 1 + n % 28), status="held"
        )
        meeting.participants = [
            Participant(organisation_id=org.id, side="counterpart", role="attended"),
            Participant(
                contact=contact, organisation_id=org.id, side="counterpart", role="attended"
            ),
        ]
        session.add_all([contact, meeting])
        session.flush()
        session.add(
            Pledge(
                meeting_id=meeting.id,
                maker_organisation_id=org.id,
                text=f"Pledge {n}",
                kind="support",
            )
        )
        session.add(ActionItem(text=f"Action {n}", meeting_id=meeting.id, organisation_id=org.id))
    session.commit()
    return org


PAGES = [
    "/",
    "/meetings",
    "/organisations",
    "/contacts",
    "/organisations/{org}",
    "/search?q=busy",
    "/calendar?month=2025-01",
    "/pledges",
    "/pledges?maker={org}",
    "/actions?who=all",
    "/follow-ups",
    "/reports?start=2025-01-01&end=2025-12-31",
    "/organisations/{org}/briefing",
]


@pytest.mark.parametrize("page", PAGES)
def test_query_count_does_not_grow_with_rows(client, session, count_queries, page):
    counts = []
    for rows in (3, 12):
        org = add_busy_organisation(session, rows)
        url = page.format(org=org.id)
        with count_queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(count_queries.count)
    assert counts[0] > 0
    assert counts[0] == counts[1], f"{page}: {counts}"


def test_meeting_page_query_count_does_not_grow_with_participants(client, session, count_queries):
    counts = []
    for size in (2, 10):
        people = []
        for n in range(size):
            org = Organisation(name=f"Org {size}-{n}", kind="company")
            contact = Contact(full_name=f"Guest {size}-{n}")
            contact.affiliations = [Affiliation(organisation=org, title="CEO")]
            people.append((org, contact))
        meeting = Meeting(
            title=f"Big meeting {size}",
            kind="event",
            date=date(2025, 5, 1),
            status="held",
            participants=[
                Participant(
                    contact=contact,
                    organisation=org,
                    affiliation=contact.affiliations[0],
                    side="counterpart",
                    role="attended",
                    position=n,
                )
                for n, (org, contact) in enumerate(people)
            ],
        )
        session.add(meeting)
        session.flush()
        session.add_all(
            Pledge(meeting_id=meeting.id, maker_organisation_id=org.id, text="x", kind="support")
            for org, _ in people
        )
        session.commit()
        with count_queries:
            assert "Guest" in client.get(f"/meetings/{meeting.id}").text
        counts.append(count_queries.count)
    assert counts[0] == counts[1], counts
