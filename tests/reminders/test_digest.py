"""The daily digest, received by a real local SMTP server (aiosmtpd)."""

from __future__ import annotations

import email
import email.policy
import socket
from datetime import UTC, date, datetime, timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from app.account.service import find_user_by_email
from app.commitment.models import ActionItem, FollowUp
from app.config import Settings
from app.organisation.models import Organisation
from app.reminders.models import DigestLog
from app.reminders.service import send_due_digests
from tests.conftest import SECRET

# 09:00 in Karachi (UTC+5), after the default digest hour
NINE_AM_KARACHI = datetime(2026, 11, 22, 4, 0, tzinfo=UTC)
TODAY = date(2026, 11, 22)


class Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, _server, _session, envelope):  # noqa: N802
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 Message accepted"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


@pytest.fixture
def inbox():
    handler = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        handler.port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=handler.port)
    controller.start()
    try:
        yield handler
    finally:
        controller.stop()


def _text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


@pytest.fixture
def work(session):
    editor = find_user_by_email(session, "editor@example.org")
    admin = find_user_by_email(session, "admin@example.org")
    viewer = find_user_by_email(session, "viewer@example.org")
    pasha = session.scalars(select(Organisation).where(Organisation.acronym == "PASHA")).one()
    session.add_all(
        [
            ActionItem(
                text="Send the MoU draft to PASHA",
                owner_id=editor.id,
                organisation_id=pasha.id,
                due_date=TODAY - timedelta(days=3),
            ),
            ActionItem(
                text="Book the Karachi venue",
                owner_id=editor.id,
                due_date=TODAY + timedelta(days=2),
            ),
            ActionItem(
                text="Already finished task",
                owner_id=editor.id,
                due_date=TODAY - timedelta(days=1),
                status="done",
            ),
            FollowUp(
                purpose="Call PASHA about the census",
                owner_id=admin.id,
                organisation_id=pasha.id,
                due_date=TODAY + timedelta(days=5),
                channel="call",
            ),
            ActionItem(
                text="Next quarter's plan", owner_id=viewer.id, due_date=TODAY + timedelta(days=60)
            ),
        ]
    )
    session.commit()


def test_each_person_receives_their_own_items_once_a_day(
    inbox, work, session_factory, database_url, session
):
    settings = Settings(
        database_url=database_url, secret_key=SECRET, smtp_host="127.0.0.1", smtp_port=inbox.port
    )
    assert send_due_digests(session_factory, settings, now=NINE_AM_KARACHI) == 2

    (editor_mail,) = inbox.to("editor@example.org")
    text = _text(editor_mail)
    assert "1 overdue" in editor_mail["Subject"]
    overdue, _, rest = text.partition("ACTION ITEMS DUE SOON")
    assert "OVERDUE ACTION ITEMS" in overdue
    assert "Send the MoU draft to PASHA" in overdue
    assert "Pakistan Software Houses Association" in overdue
    assert "Book the Karachi venue" in rest
    assert "Already finished task" not in text
    assert "Call PASHA" not in text
    html = editor_mail.get_body(preferencelist=("html",)).get_content()
    assert "<h2>Overdue action items</h2>" in html

    (admin_mail,) = inbox.to("admin@example.org")
    assert "Call PASHA about the census" in _text(admin_mail)
    assert "MoU" not in _text(admin_mail)
    assert inbox.to("viewer@example.org") == []  # nothing within a week

    assert (
        send_due_digests(session_factory, settings, now=NINE_AM_KARACHI + timedelta(hours=2)) == 0
    )
    assert len(inbox.messages) == 2
    logs = session.scalars(select(DigestLog).where(DigestLog.digest_date == TODAY)).all()
    assert sorted((log.status, log.item_count) for log in logs) == [("sent", 1), ("sent", 2)]


def test_nothing_is_sent_before_the_digest_hour(inbox, work, session_factory, database_url):
    settings = Settings(
        database_url=database_url, secret_key=SECRET, smtp_host="127.0.0.1", smtp_port=inbox.port
    )
    early = NINE_AM_KARACHI - timedelta(hours=2)  # 07:00 in Karachi
    assert send_due_digests(session_factory, settings, now=early) == 0
    assert inbox.messages == []


def test_without_a_mail_server_the_failure_is_recorded_and_shown(
    work, session_factory, database_url, admin_client
):
    settings = Settings(database_url=database_url, secret_key=SECRET)
    assert send_due_digests(session_factory, settings, now=NINE_AM_KARACHI) == 0
    page = admin_client.get("/admin/webhooks")
    assert "E-mail reminders are off" in page.text
    assert "ENGAGE_SMTP_HOST is not set" in page.text


def test_an_address_with_a_line_break_fails_its_own_digest_not_the_round(
    inbox, work, session_factory, database_url, session
):
    """Stored before addresses were checked: the editor's digest is marked failed with
    the reason (never left "sending"), and everyone else's still goes."""
    from sqlalchemy import update

    from app.account.models import User

    session.execute(
        update(User)
        .where(User.email == "editor@example.org")
        .values(email="editor@example.org\r\nBcc: everyone@example.org")
    )
    session.commit()
    settings = Settings(
        database_url=database_url, secret_key=SECRET, smtp_host="127.0.0.1", smtp_port=inbox.port
    )
    assert send_due_digests(session_factory, settings, now=NINE_AM_KARACHI) == 1
    assert [m["To"] for m in inbox.messages] == ["admin@example.org"]
    editor = session.scalars(select(User).where(User.email.like("editor@%"))).one()
    session.expire_all()
    log = session.scalars(select(DigestLog).where(DigestLog.user_id == editor.id)).one()
    assert log.status == "failed"
    assert "address" in log.error


def test_staff_addresses_with_line_breaks_are_refused_at_every_door(session, admin_client):
    from app.account.service import add_user
    from app.errors import FormInvalid

    for bad in ("new@example.org\r\nBcc: all@example.org", "new@\rx.org", "new@x.org\nX"):
        with pytest.raises(FormInvalid):
            add_user(session, email=bad, display_name="New", role="viewer", password=None)
    page = admin_client.post_form(
        "/admin/users",
        {
            "email": "new@example.org\r\nBcc: all@example.org",
            "display_name": "New Person",
            "role": "viewer",
            "password": "a long enough passphrase 42",
        },
    )
    assert page.status_code == 422
    assert find_user_by_email(session, "new@example.org") is None
