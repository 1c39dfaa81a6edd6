"""Each rule for pledges, action items and follow-ups, through the correction forms and
through the API: the same bad command is refused with the same words about the same field
and writes nothing; the same good command gives the same row."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.commitment.models import ActionItem, FollowUp, Pledge
from app.organisation.models import Organisation
from tests.browser_forms import submit
from tests.contract.doors import api_refusal, api_write, everything, form_refusal, row


def _org(session: Session, acronym: str) -> Organisation:
    return session.scalars(select(Organisation).where(Organisation.acronym == acronym)).one()


def _records(session: Session) -> dict[str, Any]:
    """A pledge from the seed, and an action item and a follow-up of the test's own."""
    action = ActionItem(text="Send the zone rules", due_date=None)
    follow_up = FollowUp(
        organisation_id=_org(session, "PASHA").id,
        due_date=dt.date(2026, 12, 1),
        purpose="Call about the incubator",
        inferred_fields=[],
    )
    session.add_all([action, follow_up])
    session.flush()
    pledge = session.scalars(select(Pledge).order_by(Pledge.id)).first()
    return {"pledge": pledge, "action": action, "follow-up": follow_up}


# The form's page and the API's collection for each kind of commitment.
PLACES = {
    "pledge": ("/pledges", "/api/v1/pledges"),
    "action": ("/actions", "/api/v1/action-items"),
    "follow-up": ("/follow-ups", "/api/v1/follow-ups"),
}


@dataclass
class Rule:
    rule: str
    kind: str
    typed: dict[str, str]  # into the correction form
    body: dict[str, Any]  # the same command, sent to the API
    refusal: dict[str, str]
    names: dict[str, str] | None = None  # form field -> command field


RULES = [
    Rule("a pledge says what", "pledge", {"text": ""}, {"text": ""}, {"text": "This is required."}),
    Rule(
        "a pledge is at most 5,000 characters",
        "pledge",
        {"text": "p" * 5001},
        {"text": "p" * 5001},
        {"text": "Use at most 5,000 characters."},
    ),
    Rule(
        "an action says what", "action", {"text": ""}, {"text": ""}, {"text": "This is required."}
    ),
    Rule(
        "an action's priority is from the list",
        "action",
        {"priority": "urgent"},
        {"priority": "urgent"},
        {"priority": "Choose one of the listed options."},
    ),
    Rule(
        "an action's owner is someone on record",
        "action",
        {"owner_id": "99999"},
        {"owner_id": 99999},
        {"owner_id": "There is no user with id 99999."},
    ),
    Rule(
        "a follow-up says whom",
        "follow-up",
        {"organisation": "", "contact": ""},
        {"organisation_id": None, "contact_id": None},
        {"organisation_id": "Say whom to follow up: an organisation or a contact."},
        names={"organisation": "organisation_id"},
    ),
    Rule(
        "a follow-up says why",
        "follow-up",
        {"purpose": ""},
        {"purpose": ""},
        {"purpose": "This is required."},
    ),
]


@pytest.mark.parametrize("rule", RULES, ids=[r.rule for r in RULES])
def test_the_same_refusal_through_the_form_and_the_api(client, api, session, rule):
    record = _records(session)[rule.kind]
    page, collection = PLACES[rule.kind]
    before = everything(session)
    found = form_refusal(
        client, f"{page}/{record.id}/edit", rule.typed, names=rule.names, form_id="edit-form"
    )
    assert found == rule.refusal
    assert everything(session) == before
    assert api_refusal(api, "PATCH", f"{collection}/{record.id}", rule.body) == rule.refusal
    assert everything(session) == before


def test_the_same_correction_through_the_form_and_the_api(client, api, session):
    """Two action items alike, corrected alike, one through each door, end up alike."""
    first, second = (ActionItem(text="Send the zone rules", due_date=None) for _ in range(2))
    session.add_all([first, second])
    session.flush()
    owner = _editor_id(session)
    typed = {"text": "Send the zone rules and incentives", "due_date": "20/12/2026"}
    done = submit(
        client,
        f"/actions/{first.id}/edit",
        form_id="edit-form",
        organisation="PASHA",
        owner_id=str(owner),
        priority="high",
        **typed,
    )
    assert done.status_code == 303, done.text[:2000]
    body = {
        "text": typed["text"],
        "due_date": "2026-12-20",
        "organisation_id": _org(session, "PASHA").id,
        "owner_id": owner,
        "priority": "high",
    }
    api_write(api, "PATCH", f"/api/v1/action-items/{second.id}", body)
    session.expire_all()
    through_form, through_api = (row(session.get(ActionItem, a.id)) for a in (first, second))
    assert through_form == through_api
    assert through_form["priority"] == "high"
    assert through_form["due_date"] == dt.date(2026, 12, 20)


def _editor_id(session: Session) -> int:
    from app.account.service import find_user_by_email

    return find_user_by_email(session, "editor@example.org").id
