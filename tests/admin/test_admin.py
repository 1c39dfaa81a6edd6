"""Administration of staff accounts and the audit log."""

from __future__ import annotations

from sqlalchemy import select

from app.account.models import User
from app.account.service import find_user_by_email
from app.commitment.models import Pledge
from tests.browser_forms import submit
from tests.conftest import PASSWORD, EngageClient
from tests.pages.test_pages import text_of


class TestStaffAccounts:
    def test_admin_adds_a_member_of_staff_who_can_then_sign_in(self, admin_client, app, session):
        response = admin_client.post_form(
            "/admin/users",
            {
                "email": "amna@stza.gov.pk",
                "display_name": "Amna Siddiqui",
                "role": "editor",
                "password": "a good long password",
            },
        )
        assert response.status_code == 303
        assert "Amna Siddiqui" in text_of(admin_client.get("/admin/users").text, "users")
        browser = EngageClient(app, follow_redirects=False).sign_in_as(session, None)
        signed_in = browser.post_form(
            "/login", {"email": "amna@stza.gov.pk", "password": "a good long password"}
        )
        assert signed_in.status_code == 303

    def test_invalid_new_user_keeps_what_was_typed(self, admin_client):
        response = admin_client.post_form(
            "/admin/users",
            {
                "email": "not-an-email",
                "display_name": "Bilal",
                "role": "editor",
                "password": "short",
            },
        )
        assert response.status_code == 422
        assert 'value="not-an-email"' in response.text
        assert "Enter a valid e-mail address." in response.text
        assert "Use at least 10 characters." in response.text

    def test_duplicate_email_is_refused(self, admin_client):
        response = admin_client.post_form(
            "/admin/users",
            {
                "email": "EDITOR@example.org",
                "display_name": "X",
                "role": "viewer",
                "password": PASSWORD,
            },
        )
        assert response.status_code == 422
        assert "already exists" in response.text

    def test_role_change_and_deactivation_take_effect_at_once(self, admin_client, client, session):
        editor = find_user_by_email(session, "editor@example.org")
        admin_client.post_form(f"/admin/users/{editor.id}", {"role": "viewer"})
        session.expire_all()
        editor = session.scalars(select(User).where(User.id == editor.id)).one()
        assert (editor.role, editor.active) == ("viewer", False)
        assert client.get("/").status_code == 303  # deactivated: signed out

    def test_admin_cannot_demote_themself(self, admin_client, session):
        admin = find_user_by_email(session, "admin@example.org")
        response = admin_client.post_form(
            f"/admin/users/{admin.id}", {"role": "viewer", "active": "true"}
        )
        assert response.status_code == 409
        assert "your own administrator role" in response.text

    def test_password_reset_ends_the_users_sessions(self, admin_client, viewer_client, session):
        viewer = find_user_by_email(session, "viewer@example.org")
        response = admin_client.post_form(
            f"/admin/users/{viewer.id}/password", {"password": "reset to this one"}
        )
        assert response.status_code == 303
        assert viewer_client.get("/").status_code == 303

    def test_only_admins_get_in(self, client, viewer_client):
        for browser in (client, viewer_client):
            response = browser.get("/admin/users")
            assert response.status_code == 403
            assert "Only an administrator can do this." in response.text


class TestAuditLog:
    def test_changes_are_listed_with_author_and_filterable(self, admin_client, session):
        editor = find_user_by_email(session, "editor@example.org")
        admin_client.post_form(f"/admin/users/{editor.id}", {"role": "viewer", "active": "true"})
        html = admin_client.get(
            "/admin/audit", params={"entity_type": "user_account", "action": "update"}
        ).text
        events = text_of(html, "audit-events")
        assert "Test Admin" in events
        assert "Role: Editor → Viewer" in events  # labels, not codes

    def test_changes_read_as_names_and_labels_not_ids_and_codes(self, admin_client, session):
        pledge = session.scalars(
            select(Pledge).where(Pledge.text.like("Willingness to partner%")).order_by(Pledge.id)
        ).first()
        answer = submit(
            admin_client,
            f"/pledges/{pledge.id}/edit",
            form_id="edit-form",
            maker="STZA",
            kind="deliverable",
            due_date="15/12/2026",
        )
        assert answer.status_code == 303
        html = submit(
            admin_client, "/admin/audit", action_ends="/admin/audit", entity_type="pledge"
        ).text
        change = text_of(html, "audit-events").split("Update Pledge", 1)[1]
        assert "Maker organisation:" in change
        assert "→ Special Technology Zones Authority" in change
        assert "Kind: Collaboration → Deliverable" in change
        assert "15 December 2026" in change
        assert f"→ {session.get(Pledge, pledge.id).maker_organisation_id}" not in change

    def test_filter_by_record(self, admin_client):
        html = admin_client.get(
            "/admin/audit", params={"entity_type": "organisation", "action": "create"}
        ).text
        assert "Pakistan Software Houses Association" in text_of(html, "audit-events")


def test_times_in_the_audit_log_read_in_local_time(admin_client, session):
    """A time column (stored in UTC by app.db.UTCDateTime) reads as a local time."""
    from datetime import UTC, datetime

    viewer = find_user_by_email(session, "viewer@example.org")
    viewer.last_login_at = datetime(2026, 12, 2, 9, 30, tzinfo=UTC)
    session.commit()
    html = submit(
        admin_client,
        "/admin/audit",
        action_ends="/admin/audit",
        entity_type="user_account",
        action="update",
    ).text
    events = text_of(html, "audit-events")
    assert "Last login at: (empty) → 02 Dec 2026, 14:30" in events  # Asia/Karachi
    assert "2026-12-02T09:30" not in events
