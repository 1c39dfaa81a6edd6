"""Sessions end everywhere (issue 17): a session cookie copied before sign-out, a password
change or deactivation no longer works when replayed; the state is the user's session
version in the database, so it holds for every worker process."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.account.models import User
from app.account.service import find_user_by_email
from app.api.models import ApiToken
from app.api.tokens import issue_api_token
from app.feeds.models import CalendarToken
from app.feeds.service import issue_token
from tests.browser_forms import submit
from tests.conftest import PASSWORD, EngageClient

NEW_PASSWORD = "tulips over the indus 1987"


def signed_in_through_the_form(app: FastAPI, email: str) -> tuple[EngageClient, str]:
    """A browser signed in by the login page's own form, and a copy of its cookie."""
    browser = EngageClient(app, raise_server_exceptions=False, follow_redirects=False)
    response = submit(browser, "/login", action_ends="/login", email=email, password=PASSWORD)
    assert response.headers["location"] == "/"
    cookie = browser.cookies["engage_session"]
    assert 'action="/logout"' in browser.get("/").text
    return browser, cookie


def replay(app: FastAPI, cookie: str) -> EngageClient:
    """Another browser carrying the copied cookie."""
    thief = EngageClient(app, raise_server_exceptions=False, follow_redirects=False)
    thief.cookies.set("engage_session", cookie, domain="testserver.local")
    return thief


def assert_signed_out(browser: EngageClient) -> None:
    response = browser.get("/organisations")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")


def version_of(session: Session, email: str) -> int:
    session.expire_all()
    user = find_user_by_email(session, email)
    assert user is not None
    return user.session_version


class TestSignOut:
    def test_a_cookie_copied_before_sign_out_no_longer_works(self, app, session):
        browser, cookie = signed_in_through_the_form(app, "editor@example.org")
        assert "Government of Sindh" in replay(app, cookie).get("/organisations").text
        before = version_of(session, "editor@example.org")

        response = submit(browser, "/", action_ends="/logout")
        assert response.headers["location"] == "/login"

        assert_signed_out(replay(app, cookie))
        assert_signed_out(browser)
        assert version_of(session, "editor@example.org") == before + 1

    def test_sign_out_ends_the_users_other_sessions_too(self, app):
        phone, _ = signed_in_through_the_form(app, "viewer@example.org")
        desk, _ = signed_in_through_the_form(app, "viewer@example.org")
        submit(desk, "/", action_ends="/logout")
        assert_signed_out(phone)

    def test_sign_out_leaves_other_users_signed_in(self, app):
        editor, _ = signed_in_through_the_form(app, "editor@example.org")
        viewer, _ = signed_in_through_the_form(app, "viewer@example.org")
        submit(viewer, "/", action_ends="/logout")
        assert "Government of Sindh" in editor.get("/organisations").text


class TestPasswordChange:
    def change(self, browser: EngageClient, **extra: str):
        return submit(
            browser,
            "/account/password",
            action_ends="/account/password",
            current=PASSWORD,
            new=NEW_PASSWORD,
            confirm=NEW_PASSWORD,
            **extra,
        )

    def test_a_cookie_copied_before_the_change_no_longer_works(self, app):
        browser, cookie = signed_in_through_the_form(app, "editor@example.org")
        response = self.change(browser)
        assert response.headers["location"] == "/"
        assert "your other sessions have ended" in browser.get("/").text
        assert "Government of Sindh" in browser.get("/organisations").text  # this one goes on
        assert_signed_out(replay(app, cookie))

    def test_tokens_and_feeds_are_kept_unless_asked(self, app, session):
        editor = find_user_by_email(session, "editor@example.org")
        _token, secret = issue_api_token(session, editor, "Reporting system")
        issue_token(session, editor.id)
        session.commit()
        browser, _ = signed_in_through_the_form(app, "editor@example.org")
        self.change(browser)
        assert "Revoked" not in browser.get("/").text
        assert active_credentials(session, editor.id) == (1, 1)
        with EngageClient(app) as program:
            answer = program.get("/api/v1/organisations", headers=bearer(secret))
        assert answer.status_code == 200
        assert answer.json()["items"]

    def test_the_box_revokes_api_tokens_and_feed_addresses(self, app, session):
        editor = find_user_by_email(session, "editor@example.org")
        _token, secret = issue_api_token(session, editor, "Reporting system")
        issue_api_token(session, editor, "Dashboard screen")
        feed_secret = issue_token(session, editor.id)
        session.commit()
        browser, _ = signed_in_through_the_form(app, "editor@example.org")
        page = browser.get("/account/password").text
        assert "Also revoke my API tokens and calendar-feed address" in page

        response = self.change(browser, revoke_access="1")
        assert response.headers["location"] == "/"
        message = browser.get("/").text
        assert "Revoked 2 API tokens and your calendar-feed address" in message
        assert active_credentials(session, editor.id) == (0, 0)
        with EngageClient(app, raise_server_exceptions=False) as program:
            refused = program.get("/api/v1/organisations", headers=bearer(secret))
            feed = program.get(f"/feeds/{feed_secret}/meetings.ics")
        assert refused.status_code == 401
        assert "revoked" in refused.json()["detail"]
        assert feed.status_code == 404

    def test_with_nothing_to_revoke_the_message_says_so(self, app):
        browser, _ = signed_in_through_the_form(app, "viewer@example.org")
        self.change(browser, revoke_access="1")
        assert "Revoked no API token and no calendar-feed address" in browser.get("/").text

    def test_the_box_stays_ticked_when_the_form_comes_back_with_a_mistake(self, client):
        response = submit(
            client,
            "/account/password",
            action_ends="/account/password",
            current=PASSWORD,
            new=NEW_PASSWORD,
            confirm="something else entirely",
            revoke_access="1",
        )
        assert response.status_code == 422
        assert "The two new passwords differ." in response.text
        assert 'name="revoke_access" value="1" checked' in response.text


class TestDeactivation:
    def test_a_deactivated_users_cookie_stays_dead_after_reactivation(self, app, admin_client):
        _browser, cookie = signed_in_through_the_form(app, "viewer@example.org")
        viewer_id = user_id(admin_client, "viewer@example.org")
        action = f"/admin/users/{viewer_id}"

        response = submit(admin_client, "/admin/users", action_ends=action, active=[])
        assert "inactive" in admin_client.get(response.headers["location"]).text
        assert_signed_out(replay(app, cookie))

        submit(admin_client, "/admin/users", action_ends=action, active="true")
        assert_signed_out(replay(app, cookie))


def user_id(client: EngageClient, email: str) -> int:
    app: FastAPI = client.app  # type: ignore[assignment]
    with app.state.session_factory() as session:
        return session.scalars(select(User.id).where(User.email == email)).one()


def active_credentials(session: Session, user_id: int) -> tuple[int, int]:
    session.expire_all()
    tokens = session.scalars(
        select(ApiToken).where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
    ).all()
    feeds = session.scalars(
        select(CalendarToken).where(
            CalendarToken.user_id == user_id, CalendarToken.revoked_at.is_(None)
        )
    ).all()
    return len(tokens), len(feeds)


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}
