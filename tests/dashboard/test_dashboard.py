"""The home dashboard: figures, lists, charts and relationship health."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.commitment.models import ActionItem, FollowUp
from app.meeting.models import Meeting, Participant
from app.organisation.health import Health, classify
from app.organisation.models import Organisation
from tests.pages.test_pages import text_of

TODAY = date(2026, 11, 22)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    for module in ("app.web", "app.dashboard.routes", "app.organisation.routes"):
        monkeypatch.setattr(f"{module}.today", lambda: TODAY)


def org(session, acronym: str) -> Organisation:
    return session.scalars(select(Organisation).where(Organisation.acronym == acronym)).one()


def meet(session, organisation: Organisation, day: date, title: str) -> Meeting:
    meeting = Meeting(
        title=title,
        kind="call",
        date=day,
        status="held",
        province="sindh",
        participants=[
            Participant(organisation_id=organisation.id, side="counterpart", role="attended")
        ],
    )
    session.add(meeting)
    session.flush()
    return meeting


@pytest.mark.parametrize(
    ("days_ago", "cadence", "state"),
    [
        (10, 90, Health.on_track),
        (76, 90, Health.on_track),
        (77, 90, Health.due),
        (90, 90, Health.due),
        (91, 90, Health.overdue),
    ],
)
def test_health_boundaries(days_ago, cadence, state):
    assert classify(TODAY - timedelta(days=days_ago), cadence, TODAY).state is state


def test_never_met_is_its_own_state():
    assert classify(None, 90, TODAY).state is Health.never


def test_figures_match_the_data(client, session):
    pasha = org(session, "PASHA")
    meet(session, pasha, date(2026, 10, 5), "This quarter 1")
    meet(session, pasha, date(2026, 11, 1), "This quarter 2")
    meet(session, pasha, date(2026, 8, 1), "Last quarter")
    session.add(ActionItem(text="Late action", due_date=TODAY - timedelta(days=1)))
    session.add(
        FollowUp(organisation_id=pasha.id, due_date=TODAY + timedelta(days=2), purpose="Soon")
    )
    session.commit()
    html = client.get("/").text
    assert "2" in text_of(html, "stat-meetings")
    assert "▲ 1 more than last quarter (1)" in text_of(html, "stat-meetings")
    assert text_of(html, "stat-pledges").startswith("Open pledges 8")
    assert text_of(html, "stat-actions") == "Overdue action items 1"
    assert text_of(html, "stat-follow-ups") == "Follow-ups due in 7 days 1"
    assert "Late action" in text_of(html, "overdue")


def test_going_cold_lists_overdue_relationships(client, session):
    meet(session, org(session, "PAFLA"), TODAY - timedelta(days=200), "Long ago")
    meet(session, org(session, "PASHA"), TODAY - timedelta(days=10), "Recently")
    session.commit()
    cold = text_of(client.get("/").text, "going-cold")
    assert "PAFLA" in cold
    assert "Overdue for contact · 200 days since last meeting" in cold
    assert "PASHA" not in cold


def test_a_new_meeting_resets_health_at_once(client, session):
    pafla = org(session, "PAFLA")
    meet(session, pafla, TODAY - timedelta(days=200), "Long ago")
    session.commit()
    assert "Overdue for contact" in text_of(client.get(f"/organisations/{pafla.id}").text, "health")
    meet(session, pafla, TODAY - timedelta(days=1), "Yesterday")
    session.commit()
    assert "On track · 1 day since last meeting" in text_of(
        client.get(f"/organisations/{pafla.id}").text, "health"
    )


def test_charts_carry_their_values_as_text(client, session):
    pasha = org(session, "PASHA")
    for day in (1, 2, 3):
        meet(session, pasha, date(2026, 9, day), f"September {day}")
    session.commit()
    html = client.get("/").text
    per_month = text_of(html, "chart-per-month")
    assert "Sep 26: 3." in per_month
    assert "Industry association: 3." in text_of(html, "chart-kind")
    assert "Open: 8." in text_of(html, "chart-pledges")


def test_stakeholder_map_places_organisations(client, session):
    pasha = org(session, "PASHA")
    pasha.influence, pasha.interest, pasha.stance = 4, 5, "champion"
    session.commit()
    html = client.get("/").text
    stakeholder_map = html[html.index('id="stakeholder-map"') :]
    stakeholder_map = stakeholder_map[: stakeholder_map.index("</figure>")]
    row = "<td>Pakistan Software Houses Association</td><td>4</td><td>5</td><td>champion</td>"
    assert row in stakeholder_map  # each body in the map's table, with its stance
    assert "by influence (up) and interest (right)" in text_of(html, "stakeholder-map-d")


def test_cadence_is_configurable_by_admins(admin_client, client, session):
    meet(session, org(session, "PAFLA"), TODAY - timedelta(days=130), "130 days ago")
    session.commit()
    # Industry associations are expected every 120 days by default.
    assert "PAFLA" in text_of(client.get("/").text, "going-cold")
    form = dict.fromkeys(
        (
            "federal_government",
            "provincial_government",
            "public_authority",
            "industry_association",
            "company",
            "academia",
            "fund_or_investor",
            "programme",
            "development_partner",
            "civil_society",
            "media",
        ),
        "180",
    )
    assert admin_client.post_form("/admin/cadence", form).status_code == 303
    assert "PAFLA" not in text_of(client.get("/").text, "going-cold")
    assert admin_client.post_form("/admin/cadence", {**form, "media": "0"}).status_code == 422
    assert client.get("/admin/cadence").status_code == 403
