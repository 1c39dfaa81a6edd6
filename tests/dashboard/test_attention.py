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
    match = re.search(
        rf'<a class="stat[^"]*" href="([^"]+)" id="{card_id}">.*?'
        r'<span class="stat-value">([\d,]+)</span>',
        page,
        re.S,
    )
    assert match, f"no card {card_id}"
    return int(match.group(2).replace(",", "")), html_lib.unescape(match.group(1))


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


def test_every_card_that_opens_a_list_counts_what_the_list_shows(client, session):
    """Each figure on the dashboard that links to a list, against the total that list
    gives, with a pledge in progress (open, to the dashboard) and a cancelled meeting this
    quarter (not counted) among the records: "Open pledges" opened the pledges whose
    status is exactly open, and "Meetings this quarter" every meeting there is."""
    stza, pasha = _org(session, "STZA"), _org(session, "PASHA")
    for day, status in ((TODAY - timedelta(days=3), "held"), (TODAY, "cancelled")):
        session.add(
            Meeting(
                title=f"Quarter meeting, {status}",
                kind="call",
                date=day,
                status=status,
                participants=[Participant(organisation_id=pasha.id, side="counterpart")],
            )
        )
    session.flush()
    meeting = session.scalars(select(Meeting).where(Meeting.title.like("Quarter meeting%"))).first()
    session.add(
        Pledge(
            meeting_id=meeting.id,
            maker_organisation_id=stza.id,
            text="Under way",
            status="in_progress",
            due_date=TODAY + timedelta(days=30),
        )
    )
    session.commit()
    page = client.get("/").text
    cards = re.findall(r'<a class="stat[^"]*" href="([^"#][^"]*)" id="([^"]+)"', page)
    assert {card for _, card in cards} >= {"stat-meetings", "stat-pledges", "stat-follow-ups"}
    for _, card in cards:
        count, href = _card(page, card)
        listed = _listed(client, href)
        in_all = re.search(r"([\d,]+) in all", listed)
        total = int(in_all.group(1).replace(",", "")) if in_all else 0
        assert total == count, (card, href, listed[-300:])
    assert "Under way" in _listed(client, _card(page, "stat-pledges")[1])
    meetings = _listed(client, _card(page, "stat-meetings")[1])
    assert "Quarter meeting, held" in meetings
    assert "Quarter meeting, cancelled" not in meetings
