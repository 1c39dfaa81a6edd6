"""The pledge register, action items and follow-ups, as staff work them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from app.account.service import find_user_by_email
from app.commitment.models import ActionItem, FollowUp, Pledge
from app.meeting.models import Meeting
from app.organisation.models import Organisation
from tests.browser_forms import submit
from tests.pages.test_pages import text_of

TODAY = date(2026, 11, 22)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    for module in ("app.web", "app.commitment.routes"):
        monkeypatch.setattr(f"{module}.today", lambda: TODAY)


def org_id(session, acronym: str) -> int:
    return session.scalars(select(Organisation.id).where(Organisation.acronym == acronym)).one()


def stza_pledge(session) -> Pledge:
    return session.scalars(select(Pledge).where(Pledge.text.like("STZA's resolute%"))).one()


class TestPledgeRegister:
    def test_filter_by_maker_and_recipient(self, client, session):
        html = client.get("/pledges", params={"maker": org_id(session, "STZA")}).text
        results = text_of(html, "results")
        assert "resolute support for launching" in results
        assert "To work closely with all stakeholders" in results
        assert "Willingness to partner" not in results
        html = client.get("/pledges", params={"to_all": "1", "maker": org_id(session, "STZA")}).text
        assert "1 in all" in text_of(html, "results")
        # PASHA's pledge names no recipient ("government institutions"): not to everyone.
        html = client.get(
            "/pledges", params={"to_all": "1", "maker": org_id(session, "PASHA")}
        ).text
        assert "No pledges match these filters." in text_of(html, "results")

    def test_overdue_filter_uses_today(self, client, session):
        pledge = stza_pledge(session)
        pledge.due_date = TODAY - timedelta(days=3)
        session.commit()
        results = text_of(client.get("/pledges", params={"overdue": "1"}).text, "results")
        assert "resolute support" in results
        assert "3 days overdue" in results
        assert "1 in all" in results

    def test_overdue_total_is_the_count_of_overdue_pledges_whatever_else_is_chosen(
        self, client, session
    ):
        """Overdue alone is totalled from the due tallies (registers.pledge_total_of); with
        any other choice the pledges are counted. Both must say what counting says."""
        meeting = session.scalars(select(Meeting).order_by(Meeting.id)).first()
        maker = org_id(session, "STZA")
        for n, (days, status, archived) in enumerate(
            [
                (-40, "open", False),  # last month
                (-3, "in_progress", False),
                (-1, "open", True),  # archived: not listed
                (-2, "fulfilled", False),  # closed: not overdue
                (0, "open", False),  # due today: not yet overdue
                (-400, "open", False),
            ]
        ):
            pledge = Pledge(
                meeting_id=meeting.id,
                maker_organisation_id=maker,
                text=f"Counted pledge {n}",
                due_date=TODAY + timedelta(days=days),
                status=status,
            )
            session.add(pledge)
            if archived:
                pledge.archived_at = datetime.now(UTC)
        session.add(
            Pledge(
                meeting_id=meeting.id, maker_organisation_id=maker, text="Undated", status="open"
            )
        )
        session.commit()

        def counted(**where: object) -> int:
            pledges = session.scalars(select(Pledge).where(Pledge.archived_at.is_(None))).all()
            return sum(
                1
                for p in pledges
                if p.is_overdue(TODAY) and all(getattr(p, k) == v for k, v in where.items())
            )

        assert counted() >= 3
        overdue = submit(client, "/pledges", action_ends="/pledges", overdue="1")
        assert f"{counted()} in all" in text_of(overdue.text, "results")
        in_progress = submit(
            client, "/pledges", action_ends="/pledges", overdue="1", status="in_progress"
        )
        assert f"{counted(status='in_progress')} in all" in text_of(in_progress.text, "results")

    def test_filters_survive_in_sort_and_page_links(self, client, session):
        html = client.get("/pledges", params={"status": "open", "sort": "-due_date"}).text
        assert "status=open" in html
        assert "sort=due_date" in html  # the header toggles direction, keeping the filter

    def test_unknown_sort_is_a_clear_message(self, client):
        response = client.get("/pledges", params={"sort": "password"})
        assert response.status_code == 422
        assert "Cannot sort by “password”" in response.text


class TestPledgeStatus:
    def test_fulfilled_needs_evidence_and_keeps_the_input(self, client, session):
        pledge = stza_pledge(session)
        response = client.post_form(
            f"/pledges/{pledge.id}/status",
            {"status": "fulfilled", "url": "notaurl", "version": str(pledge.version)},
        )
        assert response.status_code == 422
        assert "Enter a web address starting with http:// or https://." in response.text
        assert 'value="notaurl"' in response.text

    def test_status_change_with_evidence_is_in_the_history(self, client, session):
        pledge = stza_pledge(session)
        response = client.post_form(
            f"/pledges/{pledge.id}/status",
            {
                "status": "fulfilled",
                "note": "Notification SRO 123 issued",
                "url": "https://stza.gov.pk/notice",
                "version": str(pledge.version),
            },
        )
        assert response.status_code == 303
        history = text_of(client.get(f"/pledges/{pledge.id}").text, "status-history")
        assert "Open → Fulfilled" in history
        assert "Notification SRO 123 issued" in history
        assert "Test Editor" in history

    def test_viewers_cannot_change_status(self, viewer_client, session):
        pledge = stza_pledge(session)
        response = viewer_client.post_form(f"/pledges/{pledge.id}/status", {"status": "lapsed"})
        assert response.status_code == 403
        assert "Change its status" not in viewer_client.get(f"/pledges/{pledge.id}").text


def add_actions(session) -> tuple[ActionItem, ActionItem]:
    editor = find_user_by_email(session, "editor@example.org")
    admin = find_user_by_email(session, "admin@example.org")
    meeting = session.scalars(select(Meeting).limit(1)).one()
    mine = ActionItem(
        text="Draft the Sindh STZ concept note",
        meeting_id=meeting.id,
        owner_id=editor.id,
        due_date=TODAY - timedelta(days=2),
    )
    theirs = ActionItem(
        text="Book the venue",
        meeting_id=meeting.id,
        owner_id=admin.id,
        due_date=TODAY + timedelta(days=5),
    )
    session.add_all([mine, theirs])
    session.commit()
    return mine, theirs


class TestActions:
    def test_mine_and_all(self, client, session):
        add_actions(session)
        mine = text_of(client.get("/actions").text, "results")
        assert "Draft the Sindh STZ concept note" in mine
        assert "Book the venue" not in mine
        everyone = text_of(client.get("/actions", params={"who": "all"}).text, "results")
        assert everyone.index("Draft the Sindh") < everyone.index("Book the venue")  # overdue first

    def test_overdue_first_then_by_due_date_and_undated_last_as_the_form_asks(
        self, client, session
    ):
        """Through the register's own form: open actions (the default), then any status.
        An undated action comes last on both engines (PostgreSQL sorts a NULL first in a
        descending order), and a done one that was due long ago is not "overdue"."""
        mine, theirs = add_actions(session)
        undated = ActionItem(text="Circulate the undated note", owner_id=mine.owner_id)
        done_long_ago = ActionItem(
            text="Send the old minutes",
            owner_id=mine.owner_id,
            due_date=TODAY - timedelta(days=30),
            status="done",
        )
        session.add_all([undated, done_long_ago])
        session.commit()
        titles = ["Draft the Sindh", "Book the venue", "Circulate the undated", "Send the old"]

        def order(response) -> list[str]:
            results = text_of(response.text, "results")
            return sorted((t for t in titles if t in results), key=results.index)

        open_ones = submit(client, "/actions", action_ends="/actions", who="all")
        assert order(open_ones) == ["Draft the Sindh", "Book the venue", "Circulate the undated"]
        any_status = submit(client, "/actions", action_ends="/actions", who="all", status="any")
        assert order(any_status) == [
            "Draft the Sindh",
            "Send the old",
            "Book the venue",
            "Circulate the undated",
        ]

    def test_mark_done_in_one_click_with_htmx_returns_the_row(self, client, session):
        mine, _ = add_actions(session)
        response = client.post(
            f"/actions/{mine.id}/done", headers={"HX-Request": "true", "X-CSRF-Token": client.csrf}
        )
        assert response.status_code == 200
        assert response.text.lstrip().startswith(f'<tr id="action-{mine.id}"')
        assert "Done" in response.text
        assert "Reopen" in response.text
        session.expire_all()
        assert session.get(ActionItem, mine.id).completed_at is not None

    def test_mark_done_without_javascript_returns_to_the_list(self, client, session):
        mine, _ = add_actions(session)
        response = client.post_form(f"/actions/{mine.id}/done")
        assert response.status_code == 303
        assert "Draft the Sindh" not in text_of(client.get("/actions").text, "results")


class TestFollowUps:
    def test_windows(self, client, session):
        session.add_all(
            [
                FollowUp(
                    organisation_id=org_id(session, "PASHA"),
                    due_date=TODAY + timedelta(days=3),
                    purpose="Call PASHA",
                ),
                FollowUp(
                    organisation_id=org_id(session, "PAFLA"),
                    due_date=TODAY + timedelta(days=20),
                    purpose="Visit PAFLA",
                ),
            ]
        )
        session.commit()
        week = text_of(client.get("/follow-ups", params={"window": "week"}).text, "results")
        assert "Call PASHA" in week
        assert "Visit PAFLA" not in week
        overdue = text_of(client.get("/follow-ups", params={"window": "overdue"}).text, "results")
        assert "Agree next steps with the Sindh IST Department" in overdue
        assert "Call PASHA" not in overdue

    def test_log_it_and_skip(self, client, session):
        item = session.scalars(select(FollowUp)).first()
        html = client.get("/follow-ups").text
        assert f"/meetings/new?from_follow_up={item.id}" in html
        assert client.post_form(f"/follow-ups/{item.id}/skip").status_code == 303
        assert "Agree next steps" in text_of(
            client.get("/follow-ups", params={"window": "closed"}).text, "results"
        )


def test_a_pledge_logged_with_its_meeting_is_found_by_the_meetings_topic(client, session):
    """The meeting form gives pledges no topics of their own: the register's Topic finds
    them by their meeting's, as the report does (it found none logged through the form)."""
    from app.topic.models import Topic

    topic = session.scalars(select(Topic).order_by(Topic.name)).first()
    logged = submit(
        client,
        "/meetings/new",
        form_id="meeting-form",
        title="Land titles review",
        date="2026-11-20",
        topic_ids=[str(topic.id)],
        **{
            "participants-0-organisation": "PASHA",
            "pledges-0-maker": "PASHA",
            "pledges-0-text": "PASHA to share the land title documents",
        },
    )
    assert logged.status_code == 303, logged.text[:2000]
    found = submit(client, "/pledges", action_ends="/pledges", topic=str(topic.id))
    assert "PASHA to share the land title documents" in text_of(found.text, "results")
    other = session.scalars(select(Topic).where(Topic.id != topic.id)).first()
    elsewhere = submit(client, "/pledges", action_ends="/pledges", topic=str(other.id))
    assert "PASHA to share the land title documents" not in elsewhere.text
