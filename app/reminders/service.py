"""Sending the day's digests: claimed per person per day, so that two workers never
send the same digest, and recorded, so that a failing mail server is visible."""

from __future__ import annotations

import logging
import smtplib
from datetime import date, datetime
from email.message import EmailMessage

from sqlalchemy import CursorResult, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.db import unit_of_work, utcnow
from app.reminders.digest import Digest, digests, message
from app.reminders.models import DigestLog, DigestStatus

log = logging.getLogger("engage.reminders")

MAX_ATTEMPTS = 5


class MailNotConfigured(RuntimeError):
    pass


def send_mail(settings: Settings, mail: EmailMessage) -> None:
    if not settings.smtp_host:
        raise MailNotConfigured("ENGAGE_SMTP_HOST is not set")
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_username:
            smtp.login(settings.smtp_username, settings.smtp_password or "")
        smtp.send_message(mail)


def _message(digest: Digest, settings: Settings) -> EmailMessage:
    try:
        return message(digest, settings)
    except ValueError as exc:  # an address stored before addresses were checked
        raise ValueError(f"Cannot write to the address {digest.user.email!r}: {exc}") from exc


def _claim(factory: sessionmaker[Session], user_id: int, day: date) -> bool:
    """True when this worker may send `user_id`'s digest for `day`."""
    try:
        with unit_of_work(factory) as session:
            exists = session.scalar(
                select(DigestLog.id).where(
                    DigestLog.user_id == user_id, DigestLog.digest_date == day
                )
            )
            if exists is None:
                session.add(
                    DigestLog(user_id=user_id, digest_date=day, status=DigestStatus.pending.value)
                )
                session.flush()
            claimed = session.execute(
                update(DigestLog)
                .where(
                    DigestLog.user_id == user_id,
                    DigestLog.digest_date == day,
                    DigestLog.status.in_([DigestStatus.pending.value, DigestStatus.failed.value]),
                    DigestLog.attempts < MAX_ATTEMPTS,
                )
                .values(status=DigestStatus.sending.value, attempts=DigestLog.attempts + 1)
            )
            # An UPDATE without RETURNING gives a cursor result, the one with a row count.
            if not isinstance(claimed, CursorResult):
                raise TypeError("an UPDATE returned rows")
            return claimed.rowcount == 1
    except IntegrityError:
        return False  # another worker created the row first, and so has it


def _finish(factory: sessionmaker[Session], user_id: int, day: date, **values: object) -> None:
    with unit_of_work(factory) as session:
        session.execute(
            update(DigestLog)
            .where(DigestLog.user_id == user_id, DigestLog.digest_date == day)
            .values(**values)
        )


def send_due_digests(
    factory: sessionmaker[Session], settings: Settings, *, now: datetime | None = None
) -> int:
    """From the digest hour on, each person with overdue or soon-due items gets today's
    digest once. Returns how many were sent."""
    local = (now or utcnow()).astimezone(settings.zone)
    if local.hour < settings.digest_hour:
        return 0
    day = local.date()
    with unit_of_work(factory, write=False) as session:
        waiting = set(
            session.scalars(
                select(DigestLog.user_id).where(
                    DigestLog.digest_date == day,
                    (DigestLog.status == DigestStatus.sent.value)
                    | (DigestLog.attempts >= MAX_ATTEMPTS),
                )
            )
        )
        candidates = [d.user.id for d in digests(session, day, settings.digest_due_soon_days)]
    sent = 0
    for user_id in candidates:
        if user_id in waiting or not _claim(factory, user_id, day):
            continue
        try:
            # Computed again after the claim: the digest reflects the state when it is sent.
            with unit_of_work(factory, write=False) as session:
                mine = [
                    d
                    for d in digests(session, day, settings.digest_due_soon_days)
                    if d.user.id == user_id
                ]
                count = mine[0].count if mine else 0
                mail = _message(mine[0], settings) if mine else None
            if mail is not None:
                send_mail(settings, mail)
        except Exception as exc:  # noqa: BLE001  (any failure is this digest's, recorded)
            # Whatever went wrong, this person's digest is marked failed with the reason
            # (never left "sending") and the round goes on to the next person.
            log.warning("Digest for user %s not sent: %s", user_id, exc)
            _finish(factory, user_id, day, status=DigestStatus.failed.value, error=str(exc)[:1000])
            continue
        _finish(
            factory,
            user_id,
            day,
            status=DigestStatus.sent.value,
            sent_at=utcnow(),
            item_count=count,
            error=None,
        )
        sent += 1
    return sent
