"""Webhooks go to http(s) receivers on the public internet, or to internal hosts an
administrator names (ENGAGE_WEBHOOK_INTERNAL_HOSTS); the address a name resolves to is
checked at each delivery and is the one connected to; the log keeps the status and the
time, not what the receiver answered."""

from __future__ import annotations

import socket

import pytest
from sqlalchemy import select

from app.db import utcnow
from app.errors import FormInvalid
from app.webhooks import targets
from app.webhooks.delivery import deliver_due
from app.webhooks.models import EventType, WebhookAttempt
from app.webhooks.outbox import PendingEvent, enqueue
from app.webhooks.service import register_endpoint
from tests.webhooks.receiver import Receiver, running_receiver
from tests.webhooks.test_delivery import _settings

REFUSED = [
    "ftp://example.org/hook",
    "http://127.0.0.1/hook",
    "http://127.0.0.1:8000/admin",
    "http://localhost:8000/hook",
    "http://api.localhost/hook",
    "http://10.0.0.5/hook",
    "http://172.16.0.1/hook",
    "http://192.168.1.1/hook",
    "http://169.254.169.254/latest/meta-data",
    "http://100.64.0.1/hook",
    "http://0.0.0.0/hook",
    "http://224.0.0.1/hook",
    "http://[::1]/hook",
    "http://[fe80::1]/hook",
    "http://[fc00::1]/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://[ff02::1]/hook",
    "http://2130706433/hook",  # 127.0.0.1 in decimal
    "http://0x7f000001/hook",  # in hex
    "http://0177.0.0.1/hook",  # in octal
    "http://127.1/hook",  # shortened
    "https://user:secret@hooks.example.org/hook",
    "https://hooks.example.org:99999/hook",
    "https://hooks.example.org/ho\nok",
]


@pytest.mark.parametrize("url", REFUSED)
def test_internal_and_odd_addresses_are_refused_when_registered(session, url):
    with pytest.raises(FormInvalid) as raised:
        register_endpoint(session, url=url, description="", events=["meeting.created"])
    assert "url" in raised.value.errors


def test_public_addresses_and_named_internal_hosts_are_accepted(session):
    for url in ("https://hooks.example.org/engage", "http://93.184.215.14:8080/x"):
        register_endpoint(session, url=url, description="", events=["meeting.created"])
    register_endpoint(
        session,
        url="http://10.0.0.5:9000/hook",
        description="",
        events=["meeting.created"],
        internal_hosts=targets.internal_hosts(" 10.0.0.5 , hooks.internal"),
    )


def test_the_admin_page_explains_a_refused_address(admin_client):
    page = admin_client.post_form(
        "/admin/webhooks", {"url": "http://169.254.169.254/latest", "events": ["meeting.created"]}
    )
    assert page.status_code == 422
    assert "ENGAGE_WEBHOOK_INTERNAL_HOSTS" in page.text


def _one_delivery(session, url: str, internal: set[str]) -> None:
    register_endpoint(
        session, url=url, description="", events=["follow_up.due"], internal_hosts=internal
    )
    enqueue(
        session.connection(),
        [PendingEvent(EventType.follow_up_due, "follow_up", 1, {})],
        now=utcnow(),
    )
    session.commit()


def _resolving(monkeypatch, name: str, address: str) -> None:
    real = socket.getaddrinfo

    def fake(host, port, *args, **kwargs):  # type: ignore[no-untyped-def]
        if host == name:
            return real(address, port, *args, **kwargs)
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(targets.socket, "getaddrinfo", fake)


def test_a_name_that_resolves_to_an_internal_address_at_delivery_is_not_sent_to(
    session, session_factory, database_url, monkeypatch
):
    """Registered as a public name; by delivery time it resolves to 127.0.0.1 (DNS
    rebinding). Nothing reaches the receiver listening there."""
    with running_receiver(Receiver()) as receiver:
        port = receiver.url.split(":")[2].split("/")[0]
        _one_delivery(session, f"http://rebound.example.org:{port}/hooks", set())
        _resolving(monkeypatch, "rebound.example.org", "127.0.0.1")
        assert deliver_due(session_factory, _settings(database_url), worker="test") == 1
    assert receiver.answers == []
    attempt = session.scalars(select(WebhookAttempt)).one()
    assert attempt.status_code is None
    assert "resolves to 127.0.0.1" in attempt.error


def test_a_named_internal_host_is_sent_to_at_the_address_that_was_checked(
    session, session_factory, database_url, monkeypatch
):
    """An administrator names the host; the connection goes to the address resolved and
    checked (the name exists nowhere but in this test's resolver), with the name as Host."""
    with running_receiver(Receiver()) as receiver:
        port = receiver.url.split(":")[2].split("/")[0]
        _one_delivery(session, f"http://hooks.internal:{port}/hooks", {"hooks.internal"})
        _resolving(monkeypatch, "hooks.internal", "127.0.0.1")
        settings = _settings(database_url, webhook_internal_hosts="hooks.internal")
        assert deliver_due(session_factory, settings, worker="test") == 1
    assert receiver.answers == [200]
    attempt = session.scalars(select(WebhookAttempt)).one()
    assert (attempt.status_code, attempt.error) == (200, None)
    assert attempt.duration_ms is not None


def test_the_log_keeps_the_status_not_what_the_receiver_answered(
    session, session_factory, database_url
):
    with running_receiver(Receiver(fail_first=1)) as receiver:
        _one_delivery(session, receiver.url, {"127.0.0.1"})
        assert deliver_due(session_factory, _settings(database_url), worker="test") == 1
    attempt = session.scalars(select(WebhookAttempt)).one()
    assert attempt.status_code == 500
    assert attempt.error == "HTTP 500"
    assert attempt.duration_ms is not None
