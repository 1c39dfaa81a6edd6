"""Creating and changing staff accounts."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.account.models import Role, User
from app.account.passwords import hash_password, password_problem
from app.contact.schemas import is_email
from app.errors import Conflict, FormInvalid


def find_user_by_email(session: Session, email: str) -> User | None:
    stmt = select(User).where(func.lower(User.email) == email.strip().lower())
    return session.scalars(stmt).one_or_none()


def add_user(
    session: Session, *, email: str, display_name: str, role: str, password: str | None
) -> User:
    errors: dict[str, str] = {}
    email = email.strip()
    if not is_email(email):
        errors["email"] = "Enter a valid e-mail address."
    if not display_name.strip() or len(display_name) > 200:
        errors["display_name"] = "Enter a name of 1 to 200 characters."
    if role not in {r.value for r in Role}:
        errors["role"] = "Choose admin, editor or viewer."
    if password is not None and (problem := password_problem(password)):
        errors["password"] = problem
    if errors:
        raise FormInvalid(errors)
    if find_user_by_email(session, email):
        raise Conflict(f"A user with the e-mail address {email} already exists.")
    user = User(
        email=email,
        display_name=display_name.strip(),
        role=role,
        password_hash=hash_password(password) if password else None,
    )
    session.add(user)
    session.flush()
    return user
