"""API tokens: created in the interface or the CLI, shown once, stored hashed, revocable,
limited to their user's role."""

from __future__ import annotations

import hashlib
import re

from fastapi.testclient import TestClient
from sqlalchemy import select

from app.api.models import ApiToken
from app.config import Settings
from app.main import create_app
from tests.cli import engage
from tests.conftest import SECRET
from tests.databases import throwaway_database


def test_token_page_shows_a_new_token_once_and_revokes_it(viewer_client, app, session):
    created = viewer_client.post_form("/account/tokens", {"name": "Ministry dashboard"})
    assert created.status_code == 200
    secret = re.search(r"eng_[A-Za-z0-9_\-]{20,}", created.text).group(0)
    assert "read records only" in created.text
    stored = session.scalars(select(ApiToken).where(ApiToken.name == "Ministry dashboard")).one()
    assert stored.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in viewer_client.get("/account/tokens").text  # shown only once

    with TestClient(app) as other_system:
        other_system.headers["Authorization"] = f"Bearer {secret}"
        assert other_system.get("/api/v1/organisations").json()["total"] > 0
        refused = other_system.post("/api/v1/topics", json={"slug": "x", "name": "X"})
        assert refused.status_code == 403  # a viewer's token cannot write
        revoked = viewer_client.post_form(f"/account/tokens/{stored.id}/revoke")
        assert revoked.status_code == 303
        assert other_system.get("/api/v1/organisations").status_code == 401

    unnamed = viewer_client.post_form("/account/tokens", {"name": "  "})
    assert unnamed.status_code == 422
    assert "Name the token" in unnamed.text


def test_cannot_revoke_someone_elses_token(client, viewer_client, session):
    viewer_client.post_form("/account/tokens", {"name": "Mine"})
    token = session.scalars(select(ApiToken).where(ApiToken.name == "Mine")).one()
    assert client.post_form(f"/account/tokens/{token.id}/revoke").status_code == 404
    session.refresh(token)
    assert token.revoked_at is None


def test_cli_creates_lists_and_revokes_tokens():
    with throwaway_database("tokens") as url:
        engage(url, "db", "upgrade")
        engage(
            url,
            "user",
            "add",
            "it@stza.gov.pk",
            "--name",
            "IT",
            "--role",
            "editor",
            "--password-stdin",
            input="a-long-password-1\n",
        )
        out = engage(url, "token", "create", "it@stza.gov.pk", "--name", "Website").stdout
        secret = out.strip().splitlines()[-1]
        assert secret.startswith("eng_")
        app = create_app(Settings(database_url=url, secret_key=SECRET))
        with TestClient(app) as website:
            website.headers["Authorization"] = f"Bearer {secret}"
            made = website.post("/api/v1/contacts", json={"full_name": "Test Person"})
            assert made.status_code == 201, made.text
            listed = engage(url, "token", "list", "it@stza.gov.pk").stdout
            assert "Website" in listed
            assert "active" in listed
            token_id = listed.split("\t")[0]
            engage(url, "token", "revoke", "it@stza.gov.pk", token_id)
            assert website.get("/api/v1/contacts").status_code == 401
        app.state.session_factory.kw["bind"].dispose()


def test_a_token_use_is_noted_once_a_minute_apart_from_the_read(api, session):
    """Reads write nothing in their own transaction (issue 17): the last use is noted in
    a short transaction of its own, and at most once a minute."""
    token = session.scalars(select(ApiToken).where(ApiToken.name.startswith("tests as"))).one()
    assert token.last_used_at is None
    assert api.get("/api/v1/organisations").status_code == 200
    session.expire_all()
    first = token.last_used_at
    assert first is not None
    assert api.get("/api/v1/topics").status_code == 200
    session.expire_all()
    assert token.last_used_at == first
