"""Secrets handed to people or programs once and kept only as a hash (calendar feed
links, API tokens): a copy of the database never lets anyone act as a user."""

from __future__ import annotations

import hashlib
import secrets


def new_secret(prefix: str = "") -> str:
    return prefix + secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
