"""Changing the state of pledges, action items and follow-ups."""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from app.commitment.models import (
    ActionItem,
    ActionStatus,
    FollowUp,
    FollowUpStatus,
    Pledge,
    PledgeStatus,
    PledgeStatusChange,
)
from app.concurrency import ensure_current
from app.db import utcnow
from app.errors import Conflict, FormInvalid
from app.forms import clean_text


def change_pledge_status(
    session: Session,
    pledge: Pledge,
    *,
    to_status: str,
    note: str,
    url: str,
    evidence_meeting_id: int | None,
    version: int | None,
) -> PledgeStatusChange:
    errors: dict[str, str] = {}
    if to_status not in {s.value for s in PledgeStatus}:
        errors["status"] = "Choose one of the listed statuses."
    elif to_status == pledge.status:
        errors["status"] = "The pledge already has this status."
    try:
        note, url = clean_text(note), clean_text(url)
    except ValueError as exc:
        raise FormInvalid({"note": str(exc).capitalize() + "."}) from exc
    if len(note) > 5000:
        errors["note"] = "Use at most 5,000 characters."
    if url and (
        urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc or len(url) > 1000
    ):
        errors["url"] = "Enter a web address starting with http:// or https://."
    if to_status == PledgeStatus.fulfilled.value and not (note or url or evidence_meeting_id):
        errors["note"] = "Say what shows it was fulfilled: a note, a link or a later meeting."
    if errors:
        raise FormInvalid(errors)
    ensure_current(session, pledge, version)
    change = PledgeStatusChange(
        from_status=pledge.status,
        to_status=to_status,
        changed_at=utcnow(),
        changed_by_id=session.info.get("user_id"),
        evidence_note=note or None,
        evidence_url=url or None,
        evidence_meeting_id=evidence_meeting_id,
    )
    pledge.history.append(change)
    pledge.status, pledge.status_changed_at = to_status, change.changed_at
    session.flush()
    return change


def stamp_completion(record: ActionItem | FollowUp, *, done: bool) -> None:
    """When an action item or follow-up was closed: kept while it stays closed."""
    if done and record.completed_at is None:
        record.completed_at = utcnow()
    elif not done:
        record.completed_at = None


def complete_action(action: ActionItem) -> None:
    if action.status == ActionStatus.done.value:
        raise Conflict("This action item is already done.")
    action.status = ActionStatus.done.value
    stamp_completion(action, done=True)


def reopen_action(action: ActionItem) -> None:
    action.status = ActionStatus.open.value
    stamp_completion(action, done=False)


def skip_follow_up(follow_up: FollowUp) -> None:
    if follow_up.status != FollowUpStatus.due.value:
        raise Conflict("This follow-up is already closed.")
    follow_up.status = FollowUpStatus.skipped.value
    stamp_completion(follow_up, done=True)
