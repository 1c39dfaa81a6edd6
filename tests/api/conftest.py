"""API clients: a TestClient that authenticates with a real bearer token, as another
system would, rather than with a browser session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.account.service import find_user_by_email
from app.api.tokens import issue_api_token


def _api_client(app: FastAPI, session: Session, email: str) -> Iterator[TestClient]:
    user = find_user_by_email(session, email)
    assert user is not None
    _token, secret = issue_api_token(session, user, f"tests as {email}")
    session.commit()
    with TestClient(app, raise_server_exceptions=False) as client:
        client.headers["Authorization"] = f"Bearer {secret}"
        client.secret = secret  # type: ignore[attr-defined]
        yield client


@pytest.fixture
def api(app: FastAPI, session: Session) -> Iterator[TestClient]:
    """An editor's token."""
    yield from _api_client(app, session, "editor@example.org")


@pytest.fixture
def viewer_api(app: FastAPI, session: Session) -> Iterator[TestClient]:
    yield from _api_client(app, session, "viewer@example.org")


@pytest.fixture
def admin_api(app: FastAPI, session: Session) -> Iterator[TestClient]:
    yield from _api_client(app, session, "admin@example.org")
