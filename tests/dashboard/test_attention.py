"""The dashboard's "What needs attention" cards count what is overdue of each kind, and
each card opens the register filtered to exactly those items."""

from __future__ import annotations

import html as html_lib
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.commitment.models import ActionItem, FollowUp, Pledge
from app.meeting.models import Meeting, Participant
from app.organisation.models import Organisation
from tests.pages.test_pages import text_of

TODAY = date(2026, 11, 22)
LATE = TODAY - timedelta(days=12)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    for module in ("app.web", "app.dashboard.routes", "app.commitment.routes"):
        monkeypatch.setattr(f"{module}.today", lambda: TODAY)


def _org(session, acronym: str) -> Organisation:
    return session.scalars(select(Organisation).where(Organisation.acronym == acronym)).one()


def _card(page: str, card_id: str) -> tuple[int, str]:
    match = re.search(rf'<a class="stat[^"]*" href="([^"]+)" id="{card_id}"', page)
    assert match, f"no card {card_id}"
    count = int(text_of(page, card_id).split()[-1])
    return count, html_lib.unescape(match.group(1))


def _listed(client, href: str) -> str:
    response = client.get(href)
    assert response.status_code == 200
    return text_of(response.text, "results")


def test_each_card_counts_its_overdue_items_and_opens_them(client, session):
    stza, pasha = _org(session, "STZA"), _org(session, "PASHA")
    meeting = Meeting(
        title="Review of commitments",
        kind="working_meeting",
        date=TODAY - timedelta(days=40),
        status="held",
        participants=[
            Participant(organisation_id=stza.id, side="ours", role="attended"),
            Participant(organisation_id=pasha.id, side="counterpart", role="attended"),
        ],
    )
    session.add(meeting)
    session.flush()
    session.add_all(
        [
            Pledge(
                meeting_id=meeting.id,
                maker_organisation_id=pasha.id,
                recipient_organisation_id=stza.id,
                text="Share member list",
                due_date=LATE,
            ),
            Pledge(
                meeting_id=meeting.id,
                maker_organisation_id=stza.id,
                recipient_organisation_id=pasha.id,
                text="Send draft MoU",
                due_date=LATE,
            ),
            ActionItem(text="Circulate minutes", due_date=LATE),
            FollowUp(
                organisation_id=pasha.id,
                due_date=TODAY - timedelta(days=1594),
                purpose="Call about the incubator",
            ),
        ]
    )
    session.commit()
    page = client.get("/").text

    expected = {
        "stat-pledges-to-us": ("Share member list", "Send draft MoU"),
        "stat-pledges-by-us": ("Send draft MoU", "Share member list"),
        "stat-actions": ("Circulate minutes", None),
        "stat-overdue-follow-ups": ("Call about the incubator", None),
    }
    for card, (shown, not_shown) in expected.items():
        count, href = _card(page, card)
        listed = _listed(client, href)
        assert count >= 1, card
        assert shown in listed, (card, href)
        if not_shown:
            assert not_shown not in listed, (card, href)
        in_all = re.search(r"([\d,]+) in all", listed)
        assert in_all, (card, listed[-200:])
        assert int(in_all.group(1).replace(",", "")) == count, (card, href)
    assert "Call about the incubator" in text_of(page, "overdue")


def test_the_authority_itself_is_never_going_cold(client, session):
    stza = _org(session, "STZA")
    meeting = Meeting(
        title="Internal review long ago",
        kind="call",
        date=TODAY - timedelta(days=900),
        status="held",
        participants=[Participant(organisation_id=stza.id, side="ours", role="attended")],
    )
    session.add(meeting)
    session.flush()
    stza.last_met_on = TODAY - timedelta(days=900)
    session.commit()
    cold = text_of(client.get("/").text, "going-cold")
    assert "STZA" not in cold


def test_a_body_met_only_on_a_day_not_given_is_not_never_met(client, session):
    # The seeded "Meet the Minister" gives no date; PAFLA took part in it.
    pafla = _org(session, "PAFLA")
    health = text_of(client.get(f"/organisations/{pafla.id}").text, "health")
    assert "Met, date not given" in health
    assert "Never met" not in health
