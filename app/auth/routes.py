"""Sign in, sign out, change password."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from app.account.passwords import hash_password, password_problem, verify_password
from app.account.service import find_user_by_email
from app.auth.guard import CurrentUser, sign_in, sign_out
from app.auth.throttle import TooManyAttempts, check_throttle, record_attempt
from app.db import utcnow
from app.deps import SessionDep
from app.web import render

router = APIRouter(tags=["auth"])

BAD_CREDENTIALS = "That e-mail address and password do not match an active account."


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
    context = {"next": _safe_next(next), "email": email}
    address = client_address(request)
    try:
        check_throttle(session, email, address)
    except TooManyAttempts as exc:
        return render(
            request, "auth/login.html", {**context, "error": exc.message}, status_code=429
        )
    user = find_user_by_email(session, email) if email else None
    if user is None or not user.active or not verify_password(user.password_hash, password):
        record_attempt(session, email, address, succeeded=False)
        return render(
            request, "auth/login.html", {**context, "error": BAD_CREDENTIALS}, status_code=401
        )
    record_attempt(session, email, address, succeeded=True)
    user.last_login_at = utcnow()
    sign_in(request, user)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout", name="logout")
def logout(request: Request) -> Response:
    sign_out(request)
    return RedirectResponse("/login", status_code=303)


@router.get("/account/password", name="password_form")
def password_form(request: Request, _user: CurrentUser) -> Response:
    return render(request, "auth/password.html", {"errors": {}})


@router.post("/account/password")
def change_password(
    request: Request,
    user: CurrentUser,
    current: Annotated[str, Form(max_length=1024)] = "",
    new: Annotated[str, Form(max_length=1024)] = "",
    confirm: Annotated[str, Form(max_length=1024)] = "",
) -> Response:
    errors: dict[str, str] = {}
    if not verify_password(user.password_hash, current):
        errors["current"] = "This is not your current password."
    if problem := password_problem(new):
        errors["new"] = problem
    elif new != confirm:
        errors["confirm"] = "The two new passwords differ."
    if errors:
        return render(request, "auth/password.html", {"errors": errors}, status_code=422)
    user.password_hash = hash_password(new)
    sign_in(request, user)  # keep this session; every other session of the user ends
    request.session["flash"] = [("success", "Your password has been changed.")]
    return RedirectResponse("/", status_code=303)
