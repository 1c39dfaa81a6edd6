"""Sign-in, sessions, CSRF, throttling and the protective headers."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.account import passwords
from app.account.service import find_user_by_email
from app.auth.models import LoginAttempt
from tests.conftest import PASSWORD, EngageClient


def login(client: EngageClient, email: str, password: str = PASSWORD, **extra):
    return client.post_form("/login", {"email": email, "password": password, **extra})


class TestEveryPageNeedsASignIn:
    def test_anonymous_visitor_is_sent_to_the_login_page(self, anon_client):
        response = anon_client.get("/meetings?page=2")
        assert response.status_code == 303
        assert response.headers["location"] == "/login?next=%2Fmeetings%3Fpage%3D2"

    def test_health_check_and_static_files_are_public(self, anon_client):
        assert anon_client.get("/healthz").json()["status"] == "ok"
        assert anon_client.get("/static/css/engage.css").status_code == 200

    def test_every_page_names_its_icon_and_the_icon_is_served(self, anon_client):
        """Without one named, browsers asked for /favicon.ico on every page, a 404."""
        page = anon_client.get("/login").text
        icon = re.search(r'<link rel="icon" type="image/svg\+xml" href="([^"]+)"', page)
        assert icon
        served = anon_client.get(icon.group(1))
        assert served.status_code == 200
        assert served.text.startswith("<svg")

    def test_login_page_carries_a_csrf_token(self, anon_client):
        html = anon_client.get("/login").text
        assert f'name="csrf_token" value="{anon_client.csrf}"' in html


class TestSignIn:
    def test_right_password_signs_in_and_returns_to_the_page_asked_for(self, anon_client):
        response = login(anon_client, "Editor@Example.org", next="/organisations")
        assert response.status_code == 303
        assert response.headers["location"] == "/organisations"
        assert "Government of Sindh" in anon_client.get("/organisations").text

    def test_wrong_password_is_refused_with_a_clear_message(self, anon_client, session):
        response = login(anon_client, "editor@example.org", "not the password")
        assert response.status_code == 401
        assert "do not match an active account" in response.text
        assert 'value="editor@example.org"' in response.text  # what was typed is kept
        attempts = session.scalars(select(LoginAttempt)).all()
        assert [(a.email, a.succeeded) for a in attempts] == [("editor@example.org", False)]

    def test_next_cannot_point_to_another_site(self, anon_client):
        response = login(anon_client, "editor@example.org", next="https://evil.example/")
        assert response.headers["location"] == "/"

    def test_sign_out_ends_the_session(self, client):
        assert client.post_form("/logout").headers["location"] == "/login"
        assert client.get("/").status_code == 303


class TestThrottling:
    def test_five_failures_lock_the_account_even_for_the_right_password(self, anon_client):
        for _ in range(5):
            assert login(anon_client, "viewer@example.org", "wrong").status_code == 401
        response = login(anon_client, "viewer@example.org")
        assert response.status_code == 429
        assert "Too many failed sign-in attempts for this account" in response.text
        assert "minutes" in response.text

    def test_many_failures_from_one_address_block_that_address(self, anon_client):
        for n in range(20):
            login(anon_client, f"nobody{n}@example.org", "wrong")
        response = login(anon_client, "admin@example.org")
        assert response.status_code == 429
        assert "your network address" in response.text

    def test_spaces_and_case_around_the_email_share_one_count(self, anon_client, session):
        variants = [
            " viewer@example.org",
            "VIEWER@example.org ",
            "\tViewer@Example.ORG",
            "viewer@example.org  ",
            " vIeWeR@eXaMpLe.oRg ",
        ]
        for variant in variants:
            assert login(anon_client, variant, "wrong").status_code == 401
        response = login(anon_client, "viewer@example.org")
        assert response.status_code == 429
        assert "Too many failed sign-in attempts for this account" in response.text
        keys = {a.email for a in session.scalars(select(LoginAttempt))}
        assert keys == {"viewer@example.org"}

    def test_spaces_around_the_email_still_sign_in(self, anon_client):
        response = login(anon_client, "  Viewer@Example.org ")
        assert response.headers["location"] == "/"
        assert "Test Viewer" in anon_client.get("/").text


class TestEqualWorkForUnknownEmails:
    """An unknown e-mail verifies a hash just as a known one does (issue 17: unknown
    e-mails were answered in 9 ms, known ones in 179 ms), so the time tells nothing."""

    @pytest.fixture
    def verified(self, monkeypatch) -> list[str]:
        calls: list[str] = []
        real = passwords._hasher

        class Recording:
            def verify(self, password_hash: str, password: str) -> bool:
                calls.append(password_hash)
                return real.verify(password_hash, password)

        monkeypatch.setattr(passwords, "_hasher", Recording())
        return calls

    def test_the_hasher_runs_for_an_unknown_email(self, anon_client, verified):
        response = login(anon_client, "nobody-here@example.org", "some password")
        assert response.status_code == 401
        assert "do not match an active account" in response.text
        assert len(verified) == 1
        assert verified[0].startswith("$argon2id$")

    def test_and_for_a_deactivated_account(self, anon_client, session, verified):
        find_user_by_email(session, "viewer@example.org").active = False
        session.flush()
        response = login(anon_client, "viewer@example.org")
        assert response.status_code == 401
        assert len(verified) == 1

    def test_a_known_email_takes_the_same_single_verification(self, anon_client, verified):
        assert login(anon_client, "viewer@example.org", "wrong").status_code == 401
        assert len(verified) == 1


class TestApiDocuments:
    """/api/docs and the OpenAPI document are for signed-in staff and programs with a token,
    as the README says of every page but the sign-in page and /healthz."""

    def test_anonymous_visitors_get_neither(self, anon_client):
        docs = anon_client.get("/api/docs")
        assert docs.status_code == 401
        assert "swagger-ui" not in docs.text
        assert docs.json()["detail"] == "Please sign in to continue."
        document = anon_client.get("/api/v1/openapi.json")
        assert document.status_code == 401
        assert document.headers["content-type"].startswith("application/problem+json")
        assert "paths" not in document.json()

    def test_signed_in_staff_get_both(self, viewer_client):
        assert 'data-openapi-url="/api/v1/openapi.json"' in viewer_client.get("/api/docs").text
        document = viewer_client.get("/api/v1/openapi.json").json()
        assert "/api/v1/organisations" in document["paths"]

    def test_a_program_with_a_token_gets_the_document(self, viewer_api):
        document = viewer_api.get("/api/v1/openapi.json").json()
        assert document["info"]["title"] == "Engage"


class TestCsrf:
    def test_state_change_without_the_token_is_refused(self, client):
        response = client.post("/logout")
        assert response.status_code == 403
        assert "This form has expired" in response.text
        assert client.get("/").status_code == 200  # still signed in

    def test_wrong_token_is_refused(self, client):
        response = client.post("/logout", data={"csrf_token": "forged"})
        assert response.status_code == 403

    def test_token_in_the_htmx_header_is_accepted(self, client):
        response = client.post("/logout", headers={"X-CSRF-Token": client.csrf})
        assert response.status_code == 303


class TestPasswordChange:
    def test_change_then_old_sessions_end(self, client, app, session):
        other = EngageClient(app, follow_redirects=False).sign_in_as(session, "editor@example.org")
        response = client.post_form(
            "/account/password",
            {
                "current": PASSWORD,
                "new": "a brand new passphrase",
                "confirm": "a brand new passphrase",
            },
        )
        assert response.status_code == 303
        assert client.get("/").status_code == 200  # this session continues
        assert other.get("/").status_code == 303  # the other one must sign in again

    def test_mistakes_are_explained_beside_each_field(self, client):
        response = client.post_form(
            "/account/password", {"current": "wrong", "new": "short", "confirm": "short"}
        )
        assert response.status_code == 422
        assert "This is not your current password." in response.text
        assert "Use at least 10 characters." in response.text


class TestProtectiveHeaders:
    def test_content_security_policy_forbids_inline_script_and_framing(self, anon_client):
        headers = anon_client.get("/login").headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["referrer-policy"] == "same-origin"

    def test_session_cookie_is_httponly_and_samesite(self, app):
        with EngageClient(app) as fresh_browser:
            cookie = fresh_browser.get("/login").headers.get("set-cookie", "")
        assert "httponly" in cookie.lower()
        assert "samesite=lax" in cookie.lower()
        assert "secure" not in cookie.lower()

    def test_session_cookie_is_secure_over_https(self, app):
        with EngageClient(app, base_url="https://testserver") as secure_client:
            cookie = secure_client.get("/login").headers.get("set-cookie", "")
        assert "secure" in cookie.lower()

    def test_signed_in_pages_exports_and_api_answers_are_never_stored(self, client, api):
        page = client.get("/organisations")
        assert "Government of Sindh" in page.text
        export = client.get("/reports/export/summary.csv")
        assert export.headers["content-type"].startswith("text/csv")
        answer = api.get("/api/v1/organisations")
        assert answer.json()["items"]
        for response in (page, export, answer):
            assert response.headers["cache-control"] == "no-store"

    def test_static_assets_may_be_cached(self, anon_client):
        asset = anon_client.get("/static/css/engage.css")
        assert "body" in asset.text
        assert "cache-control" not in asset.headers

    def test_oversized_request_is_refused(self, client):
        response = client.post("/logout", content=b"x" * (13 * 1024 * 1024))
        assert response.status_code == 413
        assert "too large" in response.text
