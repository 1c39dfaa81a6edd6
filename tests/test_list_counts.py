"""List counts are remembered until the data changes, and only for data whose every
change moves the data generation (app.aggregates.kept_statement)."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import func, select

from app.account.service import find_user_by_email
from app.db import utcnow
from app.meeting.models import Meeting
from tests.browser_forms import submit


def _in_all(html: str) -> int:
    return int(re.search(r"<span>([\d,]+) in all", html).group(1).replace(",", ""))


def test_a_new_meeting_is_counted_at_once(client, session):
    before = _in_all(client.get("/meetings").text)
    assert _in_all(client.get("/meetings").text) == before  # remembered
    session.add(Meeting(title="Call with Ignite", kind="call", date=date(2026, 5, 5)))
    session.commit()
    assert _in_all(client.get("/meetings").text) == before + 1
    filtered = client.get("/meetings", params={"since": "2026-05-05", "until": "2026-05-05"})
    assert _in_all(filtered.text) >= 1


def test_the_audit_trail_is_counted_afresh(admin_client, session):
    # Signing in is audited but moves no generation: a remembered count would go stale.
    params = {"entity_type": "user_account"}
    before = _in_all(admin_client.get("/admin/audit", params=params).text)
    editor = find_user_by_email(session, "editor@example.org")
    editor.last_login_at = utcnow()
    session.commit()
    assert _in_all(admin_client.get("/admin/audit", params=params).text) == before + 1


def test_a_page_already_seen_shows_a_new_record_in_its_place(client, session):
    first = client.get("/meetings").text
    assert "Courtesy call by the Governor" not in first
    session.add(Meeting(title="Courtesy call by the Governor", kind="other", date=date(2099, 1, 1)))
    session.commit()
    assert "Courtesy call by the Governor" in client.get("/meetings").text  # newest first


def _filter_meetings(client, **typed: str) -> str:
    """The meeting list's own filter form, as a browser sends it."""
    answer = submit(client, "/meetings", action_ends="/meetings", **typed)
    assert answer.status_code == 200, answer.text[:300]
    return answer.text


def test_the_meeting_list_counts_what_it_lists_by_kind_and_province(client, session):
    # Read from the meeting tally for these filters (app.meeting.queries.kept_total).
    def live(kind: str, province: str) -> int:
        return session.scalar(
            select(func.count())
            .select_from(Meeting)
            .where(
                Meeting.archived_at.is_(None), Meeting.kind == kind, Meeting.province == province
            )
        )

    made = [
        Meeting(title=f"Sukkur call {n}", kind="call", date=date(2026, 4, n + 1), province="sindh")
        for n in range(3)
    ]
    undated = Meeting(title="Sukkur visit", kind="site_visit", province="sindh")
    undated.date, undated.date_confirmed = None, False  # counted in the tally's month ""
    made.append(undated)
    made[2].status = "cancelled"  # cancelled meetings are still listed
    session.add_all(made)
    session.commit()
    assert live("call", "sindh") >= 3
    listed = _filter_meetings(client, kind="call", province="sindh")
    assert _in_all(listed) == live("call", "sindh")
    assert "Sukkur call 2" in listed
    assert "Sukkur visit" not in listed

    archived = submit(client, f"/meetings/{made[0].id}", action_ends=f"/{made[0].id}/archive")
    assert archived.status_code == 303
    assert _in_all(_filter_meetings(client, kind="call", province="sindh")) == live("call", "sindh")
    assert _in_all(_filter_meetings(client, kind="site_visit", province="sindh")) == live(
        "site_visit", "sindh"
    )
    in_sindh = session.scalar(
        select(func.count()).where(Meeting.archived_at.is_(None), Meeting.province == "sindh")
    )
    assert _in_all(_filter_meetings(client, province="sindh")) == in_sindh  # any kind
    every = session.scalar(
        select(func.count()).select_from(Meeting).where(Meeting.archived_at.is_(None))
    )
    assert _in_all(client.get("/meetings").text) == every


def test_the_api_meeting_list_counts_what_it_lists(api, session):
    session.add_all(
        [
            Meeting(title=f"Larkana call {n}", kind="call", date=date(2026, 4, 9), province="sindh")
            for n in range(2)
        ]
    )
    session.commit()

    def total(**params) -> int:
        answer = api.get("/api/v1/meetings", params=params)
        assert answer.status_code == 200, answer.text
        return answer.json()["total"]

    live = select(func.count()).where(Meeting.archived_at.is_(None))
    assert total() == session.scalar(live)
    assert total(province="sindh", kind="call") == session.scalar(
        live.where(Meeting.province == "sindh", Meeting.kind == "call")
    )
    assert total(q="Larkana") == 2  # a filter the tally does not answer: counted
    assert total(province="sindh", q="Larkana call 1") == 1
