"""Password hashing with Argon2id (argon2-cffi's recommended defaults), and the one check
of a new password, wherever one is set (sign-up by an administrator, `engage user add`,
changing one's own, an administrator's reset)."""

from __future__ import annotations

import re
import secrets
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024
# Django's list of 20,000 common passwords (Royce Williams' compilation, 19,640 after
# Django's clean-up), lower case, one a line; vendored with Django's BSD licence
# (LICENSE.common-passwords beside it; see common-passwords.md).
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common-passwords.txt")
# Parts of a name or address shorter than this are too common to refuse ("li", "ali").
SHORTEST_OWN_WORD = 3


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether `password` is the one hashed. Without a hash (an unknown e-mail, an account
    with no password) a stand-in hash is checked all the same, so that the answer takes
    the same work and time as for a real account and does not tell which e-mails exist."""
    try:
        return _hasher.verify(password_hash or _stand_in_hash(), password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


@cache
def _stand_in_hash() -> str:
    return _hasher.hash(secrets.token_urlsafe(32))


@cache
def common_passwords() -> frozenset[str]:
    return frozenset(COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").split())


def _plain(text: str) -> str:
    """Letters and digits only, case folded: 'Amna.Khan' and 'amna khan' read the same."""
    return re.sub(r"[\W_]+", "", text.casefold())


def _own_words(email: str, name: str) -> list[str]:
    local = email.strip().partition("@")[0]
    words = [local, name, *re.split(r"[\W_]+", local), *name.split()]
    plain = {_plain(word) for word in words}
    return sorted(word for word in plain if len(word) >= SHORTEST_OWN_WORD)


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """What is wrong with `password` as a new password for the person with this e-mail
    address and name, in words they can act on; None when it will do."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Use at least {MIN_PASSWORD_LENGTH} characters."
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"Use at most {MAX_PASSWORD_LENGTH} characters."
    folded = password.strip().casefold()
    if folded in common_passwords() or _plain(password) in common_passwords():
        return (
            "This is one of the most commonly used passwords, the first that anyone guessing "
            "would try. Choose another: a few unrelated words make a strong one."
        )
    plain = _plain(password)
    for word in _own_words(email, name):
        if word in plain:
            return (
                "Do not use your name or e-mail address in your password: anyone who knows "
                "you would try them first. Choose another."
            )
    return None
