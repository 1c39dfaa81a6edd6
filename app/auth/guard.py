"""Who is asking, and may they? Applied to every route of the app as global dependencies.

- `csrf_guard` refuses any state-changing request without the session's CSRF token
  (a hidden form field, or the X-CSRF-Token header that htmx sends).
- `authenticate` loads the signed-in user; every path but PUBLIC_PATHS requires one.
- `require_editor` / `require_admin` guard the routes that change data or administer.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.account.models import Role, User
from app.account.service import end_sessions
from app.db import SAFE_METHODS
from app.deps import SessionDep
from app.errors import EngageError, PermissionDenied

PUBLIC_PATHS = frozenset({"/login", "/healthz"})
# Calendar feeds are read by calendar programs that cannot sign in: the secret token in
# the address is their credential (app.feeds).
PUBLIC_PREFIXES = ("/feeds/",)
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
# The session's key for `session_stamp`.
STAMP = "stamp"


@dataclass(frozen=True)
class UserView:
    """What pages show of the signed-in user. A plain copy, so an error page can still be
    rendered after the request's transaction has rolled back and expired the ORM object."""

    id: int
    email: str
    display_name: str
    role: str

    @property
    def can_edit(self) -> bool:
        return Role(self.role).can_edit

    @property
    def is_admin(self) -> bool:
        return self.role == Role.admin


class NotAuthenticated(EngageError):
    status_code = 401
    title = "Please sign in"


class CsrfRefused(EngageError):
    status_code = 403
    title = "Form expired"


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def session_stamp(user: User) -> str:
    """What a session cookie must carry to stay valid: it changes when the user's session
    version moves on (sign-out, deactivation, a password change: app.account.service
    `end_sessions`) and with the password itself, so a cookie copied before any of
    those stops working, in every process. A digest, so the cookie, which anyone holding
    it can read, shows nothing of the password's hash."""
    material = f"{user.id}:{user.session_version}:{user.password_hash or ''}"
    return hmac.new(b"engage-session", material.encode(), "sha256").hexdigest()[:32]


def _is_token_request(request: Request) -> bool:
    return request.url.path.startswith("/api/") and request.headers.get(
        "authorization", ""
    ).lower().startswith("bearer ")


async def csrf_guard(request: Request) -> None:
    request.state.csrf_token = csrf_token(request)
    if request.method in SAFE_METHODS or _is_token_request(request):
        return
    sent = request.headers.get(CSRF_HEADER)
    if not sent and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not sent or not hmac.compare_digest(sent, request.state.csrf_token):
        raise CsrfRefused(
            "This form has expired or did not come from Engage. Go back, reload the page "
            "and submit it again; what you typed is still in your browser's back page."
        )


def _bearer_user(request: Request, session: SessionDep) -> User:
    from app.api.tokens import user_for_api_token

    secret = request.headers["authorization"][len("bearer ") :].strip()
    user = user_for_api_token(session, secret) if secret else None
    if user is None:
        raise NotAuthenticated(
            "The API token is missing, revoked, or belongs to an account that is no longer "
            "active. Create a new one under Account → API tokens."
        )
    return user


def authenticate(request: Request, session: SessionDep) -> User | None:
    user = None
    user_id = request.session.get("uid")
    if _is_token_request(request):
        user = _bearer_user(request, session)
    elif isinstance(user_id, int):
        user = session.scalars(select(User).where(User.id == user_id)).one_or_none()
        if (
            user is None
            or not user.active
            or not hmac.compare_digest(
                str(request.session.get(STAMP, "")).encode(), session_stamp(user).encode()
            )
        ):
            request.session.pop("uid", None)
            user = None
    request.state.user = user
    request.state.user_id = user.id if user else None
    request.state.user_view = (
        UserView(user.id, user.email, user.display_name, user.role) if user else None
    )
    session.info["user_id"] = request.state.user_id
    public = request.url.path in PUBLIC_PATHS or request.url.path.startswith(PUBLIC_PREFIXES)
    if user is None and not public:
        raise NotAuthenticated("Please sign in to continue.")
    return user


def _signed_in(request: Request) -> User:
    user: User | None = request.state.user
    if user is None:
        raise NotAuthenticated("Please sign in to continue.")
    return user


def require_editor(request: Request) -> User:
    user = _signed_in(request)
    if not Role(user.role).can_edit:
        raise PermissionDenied("Your role can read and export, but not change records.")
    return user


def require_admin(request: Request) -> User:
    user = _signed_in(request)
    if user.role != Role.admin:
        raise PermissionDenied("Only an administrator can do this.")
    return user


CurrentUser = Annotated[User, Depends(_signed_in)]
EditorUser = Annotated[User, Depends(require_editor)]
AdminUser = Annotated[User, Depends(require_admin)]


def sign_in(request: Request, user: User) -> None:
    # A fresh session on sign-in (new CSRF token too) defeats session fixation.
    request.session.clear()
    request.session.update({"uid": user.id, STAMP: session_stamp(user)})
    request.state.csrf_token = csrf_token(request)


def sign_out(request: Request, session: Session) -> None:
    """Ends the user's sessions everywhere, not only this browser's: a copy of this
    session's cookie, taken before, no longer works either (issue 17)."""
    user: User | None = getattr(request.state, "user", None)
    if user is not None:
        end_sessions(session, user)
    request.session.clear()
