"""Sign in, sign out, change password."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from app.account.passwords import password_problem, verify_password
from app.account.service import set_password
from app.api.tokens import revoke_all_api_tokens
from app.auth.guard import CurrentUser, sign_in, sign_out
from app.auth.signin import BadCredentials, check_sign_in
from app.auth.throttle import TooManyAttempts
from app.deps import SessionDep
from app.feeds.service import revoke_tokens as revoke_feed_tokens
from app.web import flash, render

router = APIRouter(tags=["auth"])


def _safe_next(target: str | None) -> str:
    """Only same-site paths, so the login form cannot bounce anyone to another site."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.get("/login", name="login")
def login_form(request: Request, next: str | None = None) -> Response:  # noqa: A002
    if getattr(request.state, "user_view", None):
        return RedirectResponse(_safe_next(next), status_code=303)
    return render(request, "auth/login.html", {"next": _safe_next(next), "email": ""})


@router.post("/login")
def login(
    request: Request,
    session: SessionDep,
    email: Annotated[str, Form(max_length=254)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",  # noqa: A002
) -> Response:
    try:
        user = check_sign_in(session, email, password, client_address(request))
    except (TooManyAttempts, BadCredentials) as exc:
        context = {"next": _safe_next(next), "email": email, "error": exc.message}
        return render(request, "auth/login.html", context, status_code=exc.status_code)
    sign_in(request, user)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout", name="logout")
def logout(request: Request, session: SessionDep) -> Response:
    sign_out(request, session)
    return RedirectResponse("/login", status_code=303)


@router.get("/account/password", name="password_form")
def password_form(request: Request, _user: CurrentUser) -> Response:
    return render(request, "auth/password.html", {"errors": {}, "revoke_access": False})


@router.post("/account/password")
def change_password(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    current: Annotated[str, Form(max_length=1024)] = "",
    new: Annotated[str, Form(max_length=1024)] = "",
    confirm: Annotated[str, Form(max_length=1024)] = "",
    revoke_access: Annotated[bool, Form()] = False,
) -> Response:
    errors: dict[str, str] = {}
    if not verify_password(user.password_hash, current):
        errors["current"] = "This is not your current password."
    if problem := password_problem(new, email=user.email, name=user.display_name):
        errors["new"] = problem
    elif new != confirm:
        errors["confirm"] = "The two new passwords differ."
    if errors:
        context = {"errors": errors, "revoke_access": revoke_access}
        return render(request, "auth/password.html", context, status_code=422)
    set_password(session, user, new)
    sign_in(request, user)  # keep this session; every other session of the user has ended
    messages = ["Your password has been changed and your other sessions have ended."]
    if revoke_access:
        messages.append(_revoke_access(session, user.id))
    flash(request, " ".join(messages))
    return RedirectResponse("/", status_code=303)


def _revoke_access(session: Session, user_id: int) -> str:
    """Revoke what lets programs act or read as the user without a password: API tokens
    and the calendar-feed address. Says what was revoked."""
    tokens = revoke_all_api_tokens(session, user_id)
    feeds = revoke_feed_tokens(session, user_id)
    token_words = f"{tokens} API token{'s' if tokens != 1 else ''}" if tokens else "no API token"
    feed_words = "your calendar-feed address" if feeds else "no calendar-feed address"
    return (
        f"Revoked {token_words} and {feed_words}: programs that used them must be given new "
        "ones (Account → API tokens, Calendar feeds)."
    )
