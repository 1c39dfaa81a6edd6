"""A new password is refused when it is a common one or made of the person's own name or
e-mail address (issue 17: 'password12' and one's own e-mail were accepted), wherever a
password is set: an administrator adding someone or resetting a password, changing one's
own, and `engage user add`."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from app.account.models import User
from app.account.passwords import common_passwords, password_problem
from app.account.service import find_user_by_email
from app.audit.models import AuditEvent
from tests.browser_forms import submit
from tests.conftest import PASSWORD, SECRET

COMMON = "This is one of the most commonly used passwords"
OWN = "Do not use your name or e-mail address in your password"


class TestTheRule:
    def test_the_list_holds_at_least_ten_thousand_passwords(self):
        assert len(common_passwords()) >= 10_000
        assert {"password12", "1234567890", "qwertyuiop", "iloveyou123"} <= common_passwords()

    @pytest.mark.parametrize(
        "password", ["password12", "Password12", "PASSWORD12", " password12 ", "Pass-word 12!"]
    )
    def test_common_passwords_are_refused_however_written(self, password):
        assert COMMON in (password_problem(password) or "")

    @pytest.mark.parametrize(
        "password",
        ["amna.siddiqui@stza.gov.pk", "amna.siddiqui2026", "Siddiqui!Rocks", "my name is AMNA 123"],
    )
    def test_own_name_and_address_are_refused(self, password):
        problem = password_problem(
            password, email="amna.siddiqui@stza.gov.pk", name="Amna Siddiqui"
        )
        assert OWN in (problem or "")

    def test_a_long_unrelated_passphrase_is_accepted(self):
        problem = password_problem(PASSWORD, email="amna@stza.gov.pk", name="Amna Siddiqui")
        assert problem is None

    def test_too_short_comes_first(self):
        assert password_problem("amna", name="Amna") == "Use at least 10 characters."


class TestEveryDoor:
    def test_administrator_adding_someone(self, admin_client, session):
        response = submit(
            admin_client,
            "/admin/users",
            action_ends="/admin/users",
            email="bilal.ahmed@stza.gov.pk",
            display_name="Bilal Ahmed",
            password="bilal.ahmed.stza",
        )
        assert response.status_code == 422
        assert OWN in response.text
        assert 'value="bilal.ahmed@stza.gov.pk"' in response.text  # what was typed is kept
        count = select(func.count()).select_from(User).where(User.display_name == "Bilal Ahmed")
        assert session.scalar(count) == 0

    def test_administrator_resetting_a_password(self, admin_client, session):
        viewer = find_user_by_email(session, "viewer@example.org")
        before = viewer.password_hash
        response = submit(
            admin_client,
            "/admin/users",
            action_ends=f"/admin/users/{viewer.id}/password",
            password="qwertyuiop",
        )
        assert response.status_code == 422
        assert COMMON in response.text
        session.expire_all()
        assert find_user_by_email(session, "viewer@example.org").password_hash == before

    def test_changing_ones_own(self, client):
        response = submit(
            client,
            "/account/password",
            action_ends="/account/password",
            current=PASSWORD,
            new="editor@example.org",
            confirm="editor@example.org",
        )
        assert response.status_code == 422
        assert OWN in response.text
        response = submit(
            client,
            "/account/password",
            action_ends="/account/password",
            current=PASSWORD,
            new="1234567890",
            confirm="1234567890",
        )
        assert COMMON in response.text

    def test_engage_user_add(self, database_url):
        env = {**os.environ, "ENGAGE_DATABASE_URL": database_url, "ENGAGE_SECRET_KEY": SECRET}
        result = subprocess.run(
            [sys.executable, "-m", "app.cli", "user", "add", "zara@stza.gov.pk", "--name", "Zara"]
            + ["--password-stdin"],
            env=env,
            input="password12\n",
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode != 0
        assert COMMON in result.stdout + result.stderr


class TestTheAuditTrail:
    """The trail notes that a password was set or changed, never its hash (which an
    administrator reading the log could take away and attack offline)."""

    def test_a_change_is_noted_without_the_hash(self, client, admin_client, session):
        editor = find_user_by_email(session, "editor@example.org")
        response = submit(
            client,
            "/account/password",
            action_ends="/account/password",
            current=PASSWORD,
            new="tulips over the indus 1987",
            confirm="tulips over the indus 1987",
        )
        assert response.headers["location"] == "/"
        events = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.entity_type == "user_account", AuditEvent.entity_id == editor.id)
            .order_by(AuditEvent.id)
        ).all()
        noted = [e.changes["password_hash"] for e in events if "password_hash" in e.changes]
        assert noted == [[None, "(secret)"], ["(secret)", "(secret)"]]  # created, changed
        log = admin_client.get("/admin/audit").text
        assert "$argon2" not in log

    def test_a_new_account_is_noted_without_the_hash(self, admin_client, session):
        submit(
            admin_client,
            "/admin/users",
            action_ends="/admin/users",
            email="bilal.ahmed@stza.gov.pk",
            display_name="Bilal Ahmed",
            password="tulips over the indus 1987",
        )
        bilal = find_user_by_email(session, "bilal.ahmed@stza.gov.pk")
        created = session.scalars(
            select(AuditEvent).where(
                AuditEvent.entity_type == "user_account", AuditEvent.entity_id == bilal.id
            )
        ).one()
        assert created.changes["password_hash"] == [None, "(secret)"]
        assert created.changes["email"] == [None, "bilal.ahmed@stza.gov.pk"]
