"""What goes in a person's digest, computed from current state when it is sent, and
the e-mail that carries it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.account.models import User
from app.commitment.models import (
    ActionItem,
    FollowUp,
    FollowUpStatus,
    action_is_open,
)
from app.config import Settings
from app.web import templates


@dataclass
class Digest:
    user: User
    today: date
    overdue_actions: list[ActionItem] = field(default_factory=list)
    due_actions: list[ActionItem] = field(default_factory=list)
    overdue_follow_ups: list[FollowUp] = field(default_factory=list)
    due_follow_ups: list[FollowUp] = field(default_factory=list)

    @property
    def count(self) -> int:
        return (
            len(self.overdue_actions)
            + len(self.due_actions)
            + len(self.overdue_follow_ups)
            + len(self.due_follow_ups)
        )


def digests(session: Session, today: date, due_soon_days: int) -> list[Digest]:
    """Everyone with something overdue or due within `due_soon_days`, in two queries."""
    horizon = today + timedelta(days=due_soon_days)
    actions = session.scalars(
        select(ActionItem)
        .where(
            ActionItem.archived_at.is_(None),
            action_is_open(),
            ActionItem.owner_id.is_not(None),
            ActionItem.due_date <= horizon,
        )
        .options(selectinload(ActionItem.organisation), selectinload(ActionItem.owner))
        .order_by(ActionItem.due_date, ActionItem.id)
    ).all()
    follow_ups = session.scalars(
        select(FollowUp)
        .where(
            FollowUp.archived_at.is_(None),
            FollowUp.status == FollowUpStatus.due.value,
            FollowUp.owner_id.is_not(None),
            FollowUp.due_date <= horizon,
        )
        .options(
            selectinload(FollowUp.organisation),
            selectinload(FollowUp.contact),
            selectinload(FollowUp.owner),
        )
        .order_by(FollowUp.due_date, FollowUp.id)
    ).all()
    by_user: dict[int, Digest] = {}
    # The queries ask for an owner and a due date; the None checks say so to the type checker.
    for action in actions:
        owner, due = action.owner, action.due_date
        if owner is None or due is None or not owner.active:
            continue
        digest = by_user.setdefault(owner.id, Digest(owner, today))
        (digest.overdue_actions if due < today else digest.due_actions).append(action)
    for item in follow_ups:
        owner, due = item.owner, item.due_date
        if owner is None or due is None or not owner.active:
            continue
        digest = by_user.setdefault(owner.id, Digest(owner, today))
        (digest.overdue_follow_ups if due < today else digest.due_follow_ups).append(item)
    return sorted(by_user.values(), key=lambda d: d.user.id)


def message(digest: Digest, settings: Settings) -> EmailMessage:
    context = {"digest": digest, "base_url": settings.public_url.rstrip("/")}
    mail = EmailMessage()
    overdue = len(digest.overdue_actions) + len(digest.overdue_follow_ups)
    subject = f"Engage: {digest.count} item{'s' if digest.count != 1 else ''} need you"
    mail["Subject"] = subject + (f" ({overdue} overdue)" if overdue else "")
    mail["From"] = settings.mail_from
    mail["To"] = digest.user.email
    mail.set_content(templates.env.get_template("reminders/digest.txt").render(context))
    mail.add_alternative(
        templates.env.get_template("reminders/digest.html").render(context), subtype="html"
    )
    return mail
