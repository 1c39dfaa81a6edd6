"""The session secret: configured, or the install's own, kept in the database; a restore
(even of another install's backup) keeps the install's own."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

import app.models  # noqa: F401
from app.backup import backup, restore
from app.config import Settings
from app.db import make_engine, make_session_factory
from app.main import create_app
from app.secret_key import InstanceSecret, shared_secret
from tests.databases import throwaway_database, upgrade


def test_an_unset_or_empty_secret_is_the_installs_own(monkeypatch):
    monkeypatch.delenv("ENGAGE_SECRET_KEY", raising=False)
    assert Settings(_env_file=None).secret_key is None
    assert Settings(_env_file=None, secret_key="").secret_key is None


def _install(url: str) -> str:
    engine = make_engine(url)
    with engine.begin() as conn:
        upgrade(conn)
    secret = shared_secret(make_session_factory(engine))
    assert secret == shared_secret(make_session_factory(engine))  # drawn once
    engine.dispose()
    return secret


def test_a_restore_keeps_the_installs_own_secret(tmp_path: Path):
    with throwaway_database("secret_a") as first, throwaway_database("secret_b") as second:
        first_secret, second_secret = _install(first), _install(second)
        assert first_secret != second_secret
        backup(first, tmp_path / "first.backup")
        restore(second, tmp_path / "first.backup")
        engine = make_engine(second)
        with engine.connect() as conn:
            assert conn.scalars(select(InstanceSecret.value)).all() == [second_secret]
        engine.dispose()


def _kept(url: str) -> list[str]:
    engine = make_engine(url)
    with engine.connect() as conn:
        kept = list(conn.scalars(select(InstanceSecret.value)))
    engine.dispose()
    return kept


def test_a_configured_secret_wins():
    with throwaway_database("secret_configured") as url:
        engine = make_engine(url)
        with engine.begin() as conn:
            upgrade(conn)
        engine.dispose()
        create_app(Settings(_env_file=None, database_url=url, secret_key="configured-" + "k" * 32))
        assert _kept(url) == []
        create_app(Settings(_env_file=None, database_url=url, secret_key=None))
        assert len(_kept(url)) == 1
