"""The organisation page lists its meetings, pledges, actions and follow-ups as lines,
plain rows of the columns its tables show (app.lines), and the registers their pledges,
actions and follow-ups. Shown by the same table macros, lines must make exactly the HTML
their records make, in every branch the tables take, as the organisation page calls them
and as the registers do (sorting headers, buttons): a line that lacked an attribute a
macro reads would show a blank, not fail."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest

from app.account.models import User
from app.commitment import queries as commitments
from app.commitment.lines import action_lines, follow_up_lines, pledge_lines
from app.commitment.models import ActionItem, FollowUp, Pledge
from app.contact.models import Contact
from app.listing import Page
from app.meeting.lines import meeting_lines
from app.meeting.models import Meeting, Participant
from app.organisation import queries
from app.organisation.models import Organisation
from app.web import env, today
from tests.test_url_for import request_for

# How each table is called: on the organisation page, then on its register.
TABLES = {
    "meetings": ("meeting/_macros.html", ["meeting_table(rows)"]),
    "pledges": (
        "commitment/_macros.html",
        ["pledge_table(rows, today)", "pledge_table(rows, today, sorting=page)"],
    ),
    "actions": (
        "commitment/_macros.html",
        ["action_table(rows, today)", "action_table(rows, today, with_buttons=True)"],
    ),
    "follow_ups": (
        "commitment/_macros.html",
        ["follow_up_table(rows, today)", "follow_up_table(rows, today, with_buttons=True)"],
    ),
}


def _office(session) -> Organisation:
    """A body in every branch its page's tables take: dated, undated and unconfirmed
    meetings; pledges made by a person or not, to a body, to everyone or to no one named,
    inferred, overdue or fulfilled; actions with and without a meeting or an owner;
    follow-ups with a body, a person or both."""
    now = today()
    body = Organisation(name="Lines Test Authority", acronym="LTA", kind="public_authority")
    other = Organisation(name="Lines Other Body", kind="company")
    person = Contact(honorific="Dr.", full_name="Amna Lines")
    plain = Contact(full_name="Bilal Lines")
    owner = User(email="owner-lines@example.org", display_name="Owner Lines", role="editor")
    session.add_all([body, other, person, plain, owner])
    session.flush()
    meetings = [
        Meeting(
            title="Dated in Lahore",
            kind="working_meeting",
            status="held",
            date=now,
            city="Lahore",
            province="punjab",
        ),
        Meeting(
            title="Unconfirmed",
            kind="call",
            status="held",
            date=now - timedelta(days=3),
            date_confirmed=False,
        ),
        Meeting(
            title="Undated",
            kind="site_visit",
            status="held",
            date=None,
            date_confirmed=False,
            province="sindh",
        ),
    ]
    session.add_all(meetings)
    session.flush()
    for meeting in meetings:
        session.add(Participant(meeting_id=meeting.id, organisation_id=body.id, side="counterpart"))
    first = meetings[0]
    pledges = [
        {
            "maker_organisation_id": body.id,
            "maker_contact_id": person.id,
            "recipient_organisation_id": other.id,
            "due_date": now - timedelta(days=5),
            "status": "open",
            "inferred_fields": ["text"],
        },
        {
            "maker_organisation_id": other.id,
            "recipient_organisation_id": body.id,
            "due_date": None,
            "status": "in_progress",
        },
        {
            "maker_organisation_id": body.id,
            "to_all_stakeholders": True,
            "due_date": now + timedelta(days=9),
            "status": "open",
        },
        {
            "maker_organisation_id": body.id,
            "maker_contact_id": plain.id,
            "due_date": now - timedelta(days=40),
            "status": "fulfilled",
        },
    ]
    for n, fields in enumerate(pledges):
        session.add(Pledge(meeting_id=meetings[n % 3].id, text=f"Lines pledge {n}", **fields))
    session.add_all(
        [
            ActionItem(
                text="Send the draft",
                meeting_id=first.id,
                organisation_id=body.id,
                owner_id=owner.id,
                due_date=now - timedelta(days=2),
                status="open",
            ),
            ActionItem(
                text="Book a room", organisation_id=body.id, due_date=None, status="in_progress"
            ),
            FollowUp(
                organisation_id=body.id,
                contact_id=person.id,
                due_date=now - timedelta(days=1),
                channel="call",
                purpose="Ask about the land",
                inferred_fields=["purpose"],
            ),
            FollowUp(
                organisation_id=body.id,
                due_date=now + timedelta(days=20),
                channel="email",
                purpose="Send the minutes",
            ),
        ]
    )
    session.flush()
    return body


def _lists(session, body_id: int) -> dict[str, Callable[..., Sequence[Any]]]:
    return {
        "meetings": lambda **k: queries.meetings_with_organisation(session, body_id, limit=20, **k),
        "pledges": lambda **k: commitments.pledges_involving(session, body_id, **k),
        "actions": lambda **k: commitments.open_actions_for_organisation(session, body_id, **k),
        "follow_ups": lambda **k: commitments.due_follow_ups_for_organisation(
            session, body_id, **k
        ),
    }


LINES = {
    "meetings": meeting_lines,
    "pledges": pledge_lines,
    "actions": action_lines,
    "follow_ups": follow_up_lines,
}


@pytest.mark.parametrize("table", list(TABLES))
def test_lines_show_exactly_what_their_records_show(client, session, table):
    body = _office(session)
    read = _lists(session, body.id)[table]
    records, lines = read(), read(lines=LINES[table])
    assert [r.id for r in lines] == [r.id for r in records]
    assert len(lines) >= 2
    template, calls = TABLES[table]
    editor = SimpleNamespace(can_edit=True, is_admin=False)
    for call in calls:
        macro = env.from_string(
            f'{{% from "{template}" import {call.split("(")[0]} with context %}}{{{{ {call} }}}}'
        )
        context = {
            "request": request_for(client.app),
            "today": today(),
            "current_user": editor,
            "csrf_token": "token",
        }
        from_records = macro.render(
            rows=records, page=Page(records, len(records), 1, 25), **context
        )
        from_lines = macro.render(rows=lines, page=Page(lines, len(lines), 1, 25), **context)
        assert from_lines == from_records, call
    # The branches were taken: what each table shows only for some rows is there.
    expected = {
        "meetings": ["Lahore, Punjab", "Date not given", "Unconfirmed", "Sindh"],
        "pledges": ["Dr. Amna Lines", "All stakeholders", "Inferred", 'class="overdue"', "LTA"],
        "actions": ["Owner Lines", "Unassigned", "Dated in Lahore", 'class="overdue"'],
        "follow_ups": ["Dr. Amna Lines", "Inferred", 'class="overdue"', "LTA"],
    }[table]
    for shown in expected:
        assert shown in from_lines, shown
