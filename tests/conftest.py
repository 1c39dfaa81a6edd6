"""Test database and isolation.

The schema is built once per run by `alembic upgrade head` (the same path production
uses) and the seed is loaded once. Each test then runs inside a connection-level
transaction that is rolled back at the end; the app's own session commits only release a
SAVEPOINT inside it (SQLAlchemy's "join an external transaction" recipe).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

os.environ.setdefault("ENGAGE_SECRET_KEY", "test-secret-key-not-for-production")

import app.models  # noqa: E402,F401
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
        session.commit()
    yield engine
    engine.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    conn = engine.connect()
    outer = conn.begin()
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
    return Settings(database_url=database_url, secret_key="test-secret-key-not-for-production")


@pytest.fixture
def client(settings: Settings, session_factory: sessionmaker[Session]) -> Iterator[TestClient]:
    app = create_app(settings, session_factory=session_factory)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client
