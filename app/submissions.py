"""Creating forms are safe to submit twice.

Each creating form carries a token drawn when the form was drawn. The first submission
claims it in the same transaction as the record it creates and remembers where it sent
the user; a second submission of the same form (a double click, Back and Save again)
is answered with that address instead of a second record. Two submissions at once wait
on the token's unique index (PostgreSQL) or on the write lock (SQLite): the second sees
the first's answer once the first commits. A submission that failed keeps nothing, so
the form can be corrected and sent again.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from fastapi import Request
from fastapi.responses import RedirectResponse
from sqlalchemy import ForeignKey, String, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column
from starlette.responses import Response

from app.db import Base, utcnow
from app.web import env, flash

FIELD = "submission"
# Where a session keeps the submission it claimed, to record the answer on.
CLAIMED = "form_submission"
TOKEN_LENGTH = 32


class FormSubmission(Base):
    """One drawn form's token. Bookkeeping, not a record anyone changed: not audited."""

    __tablename__ = "form_submission"
    __audited__ = False

    token: Mapped[str] = mapped_column(String(TOKEN_LENGTH), unique=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    answer_url: Mapped[str | None] = mapped_column(String(500))
    answered_at: Mapped[datetime | None]


def new_token() -> str:
    return secrets.token_urlsafe(24)[:TOKEN_LENGTH]


env.globals["new_submission_token"] = new_token


def _answer(session: Session, token: str, user_id: int | None) -> tuple[bool, str | None]:
    """Whether the token was claimed before, and the answer the claim gave (None when
    that submission saved nothing: its form came back to be corrected)."""
    stmt = select(FormSubmission).where(
        FormSubmission.token == token, FormSubmission.user_id == user_id
    )
    earlier = session.scalars(stmt).first()
    return earlier is not None, earlier.answer_url if earlier else None


def earlier_answer(session: Session, token: str | None, user_id: int | None) -> str | None:
    """Where the first submission of this form sent the user, if this is a second one;
    otherwise claims the token for this submission and returns None."""
    if not token or len(token) > TOKEN_LENGTH:
        return None
    claimed, answer = _answer(session, token, user_id)
    if claimed:
        return answer
    claim = FormSubmission(token=token, user_id=user_id)
    try:
        with session.begin_nested():
            session.add(claim)
    except IntegrityError:
        # Claimed by a submission that committed while this one waited for it.
        return _answer(session, token, user_id)[1]
    session.info[CLAIMED] = claim  # its answer is written once the record is saved
    return None


def remember_answer(session: Session, token: str | None, url: str) -> None:
    claim = session.info.pop(CLAIMED, None)
    if claim is not None and claim.token == token:
        claim.answer_url, claim.answered_at = url, utcnow()


def replay(request: Request, session: Session, token: str | None) -> Response | None:
    """The first submission's answer when this form was submitted before; None when this
    is its first submission (now claimed)."""
    answer = earlier_answer(session, token, getattr(request.state, "user_id", None))
    if answer is None:
        return None
    flash(request, "This form had already been saved; nothing was saved twice.", "info")
    return RedirectResponse(answer, status_code=303)


def answered(session: Session, token: str | None, response: Response) -> Response:
    """`response` (the redirect after a save), remembered as this submission's answer."""
    remember_answer(session, token, response.headers["location"])
    return response
