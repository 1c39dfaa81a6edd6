"""List counts are remembered until the data changes, and only for data whose every
change moves the data generation (app.listing.remembered)."""

from __future__ import annotations

import re
from datetime import date

from app.account.service import find_user_by_email
from app.db import utcnow
from app.meeting.models import Meeting


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
