"""Test database and isolation.

The schema is built once per run by `alembic upgrade head` (the same path production
uses) and the seed is loaded once. Each test then runs inside a connection-level
transaction that is rolled back at the end; the app's own session commits only release a
SAVEPOINT inside it (SQLAlchemy's "join an external transaction" recipe).
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from itsdangerous import TimestampSigner
from sqlalchemy import Connection, Engine, event
from sqlalchemy.orm import Session, sessionmaker

SECRET = "test-secret-key-not-for-production"
PASSWORD = "correct horse battery staple"
os.environ.setdefault("ENGAGE_SECRET_KEY", SECRET)

import app.models  # noqa: E402,F401
from app.account.service import add_user, find_user_by_email  # noqa: E402
from app.api.tokens import issue_api_token  # noqa: E402
from app.auth.guard import STAMP, session_stamp  # noqa: E402
from app.config import Settings  # noqa: E402
from app.db import make_engine  # noqa: E402
from app.main import create_app  # noqa: E402
from seed.loader import load_seed  # noqa: E402
from tests.databases import throwaway_database, upgrade  # noqa: E402


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    with throwaway_database("test") as url:
        yield url


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    with engine.begin() as conn:
        upgrade(conn)
    with Session(engine) as session:
        load_seed(session)
        for role in ("admin", "editor", "viewer"):
            add_user(
                session,
                email=f"{role}@example.org",
                display_name=f"Test {role.capitalize()}",
                role=role,
                password=PASSWORD,
            )
        session.commit()
    yield engine
    engine.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    conn = engine.connect()
    outer = conn.begin()
    if conn.dialect.name == "postgresql":
        # The data generation moves as a transaction commits (a deferred trigger), and the
        # test's transaction never does: its triggers fire after each statement instead.
        conn.exec_driver_sql("SET CONSTRAINTS ALL IMMEDIATE")
    try:
        yield conn
    finally:
        if outer.is_active:
            outer.rollback()
        conn.close()


@pytest.fixture
def session_factory(connection: Connection) -> sessionmaker[Session]:
    return sessionmaker(
        bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )


@pytest.fixture
def session(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    with session_factory() as session:
        yield session


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, secret_key=SECRET)


class EngageClient(TestClient):
    """A browser stand-in: optionally signed in, and able to submit forms with the CSRF
    token that the page would carry."""

    csrf = "test-csrf-token"

    def sign_in_as(self, session: Session, email: str | None) -> EngageClient:
        data: dict[str, object] = {"csrf": self.csrf}
        if email:
            user = find_user_by_email(session, email)
            assert user is not None
            data.update({"uid": user.id, STAMP: session_stamp(user)})
        # The domain httpx files cookies from "testserver" under, so the app can replace them.
        self.cookies.set("engage_session", signed_session_cookie(data), domain="testserver.local")
        return self

    def post_form(self, url: str, data: dict[str, object] | None = None, **kwargs):
        return self.post(url, data={"csrf_token": self.csrf, **(data or {})}, **kwargs)


def signed_session_cookie(data: dict[str, object]) -> str:
    """The cookie Starlette's SessionMiddleware would set for `data`."""
    payload = base64.b64encode(json.dumps(data).encode())
    return TimestampSigner(SECRET).sign(payload).decode()


@pytest.fixture
def app(settings: Settings, session_factory: sessionmaker[Session]) -> FastAPI:
    return create_app(settings, session_factory=session_factory)


def _client(app: FastAPI, session: Session, email: str | None) -> Iterator[EngageClient]:
    with EngageClient(app, raise_server_exceptions=False, follow_redirects=False) as client:
        yield client.sign_in_as(session, email)


@pytest.fixture
def anon_client(app: FastAPI, session: Session) -> Iterator[EngageClient]:
    yield from _client(app, session, None)


@pytest.fixture
def client(app: FastAPI, session: Session) -> Iterator[EngageClient]:
    """Signed in as an editor, the everyday role."""
    yield from _client(app, session, "editor@example.org")


@pytest.fixture
def admin_client(app: FastAPI, session: Session) -> Iterator[EngageClient]:
    yield from _client(app, session, "admin@example.org")


@pytest.fixture
def viewer_client(app: FastAPI, session: Session) -> Iterator[EngageClient]:
    yield from _client(app, session, "viewer@example.org")


class QueryCounter:
    """Counts the SQL statements the app sends while a block runs."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.statements: list[str] = []

    def _record(self, _conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        self.statements.append(statement)

    def __enter__(self) -> QueryCounter:
        self.statements.clear()
        event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *_exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._record)

    @property
    def count(self) -> int:
        # SAVEPOINT bookkeeping from the test isolation is not the app's doing.
        return sum(1 for s in self.statements if "SAVEPOINT" not in s.upper())


@pytest.fixture
def count_queries(engine: Engine) -> QueryCounter:
    return QueryCounter(engine)


# API clients: a TestClient that authenticates with a real bearer token, as another
# system would, rather than with a browser session.


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
