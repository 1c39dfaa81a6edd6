"""Creating and changing staff accounts."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from app.account.models import Role, User
from app.account.passwords import hash_password, password_problem
from app.contact.schemas import is_email
from app.errors import Conflict, FormInvalid


def email_key(email: str) -> str:
    """A typed e-mail address as sign-in counts attempts on it: outer spaces dropped, case
    folded. Folding is at least as coarse as the lower-casing that finds the account
    (`find_user_by_email`), so every spelling that reaches an account shares its count."""
    return email.strip().casefold()


def find_user_by_email(session: Session, email: str) -> User | None:
    stmt = select(User).where(func.lower(User.email) == email.strip().lower())
    return session.scalars(stmt).one_or_none()


def end_sessions(session: Session, user: User) -> None:
    """End every session of `user`, everywhere: their session cookies carry the version
    they were issued under (app.auth.guard), which moves on here. An UPDATE of its own,
    atomic across processes, and not an edit of the person's record for the audit log."""
    stmt = (
        update(User)
        .where(User.id == user.id)
        .values(session_version=User.session_version + 1)
        .returning(User.session_version)
        .execution_options(synchronize_session=False)
    )
    set_committed_value(user, "session_version", session.execute(stmt).scalar_one())


def set_password(session: Session, user: User, password: str) -> None:
    """A new password, already checked (`password_problem`); every session of the user
    ends with it."""
    user.password_hash = hash_password(password)
    end_sessions(session, user)


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
    if password is not None and (
        problem := password_problem(password, email=email, name=display_name)
    ):
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
