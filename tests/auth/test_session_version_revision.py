"""Revision 9c2e7a41d5b3 on a database that already has staff and an audit trail: every
user starts at session version 0 (the cookies they hold stop working once, as the stamp
they carry changes), and the password hashes the trail kept are replaced by '(secret)'."""

from __future__ import annotations

import json

from sqlalchemy import text

from app.db import make_engine
from tests.databases import throwaway_database, upgrade

BEFORE = "3f6b2d8e1c47"
HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA"


def test_existing_users_and_their_audit_rows():
    with throwaway_database("session-version") as url:
        engine = make_engine(url)
        try:
            with engine.begin() as conn:
                upgrade(conn, BEFORE)
                conn.execute(
                    text(
                        "INSERT INTO user_account (id, email, display_name, role, active, "
                        "password_hash, created_at, updated_at) VALUES (1, 'amna@stza.gov.pk', "
                        "'Amna', 'editor', true, :hash, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                    ),
                    {"hash": HASH},
                )
                changes = [
                    {"password_hash": [None, HASH], "email": [None, "amna@stza.gov.pk"]},
                    {"password_hash": [HASH, HASH + "2"]},
                    {"last_login_at": [None, "2026-12-01T09:00:00"]},
                ]
                for n, change in enumerate(changes, start=1):
                    conn.execute(
                        text(
                            "INSERT INTO audit_event (id, occurred_at, user_id, action, "
                            "entity_type, entity_id, changes, created_at, updated_at) VALUES "
                            "(:id, CURRENT_TIMESTAMP, 1, 'update', 'user_account', 1, :changes, "
                            "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                        ),
                        {"id": n, "changes": json.dumps(change)},
                    )
            with engine.begin() as conn:
                upgrade(conn)
            with engine.connect() as conn:
                version = conn.scalar(text("SELECT session_version FROM user_account"))
                stored = conn.execute(text("SELECT changes FROM audit_event ORDER BY id")).all()
        finally:
            engine.dispose()
    trail = [row[0] if isinstance(row[0], dict) else json.loads(row[0]) for row in stored]
    assert version == 0
    assert trail == [
        {"password_hash": [None, "(secret)"], "email": [None, "amna@stza.gov.pk"]},
        {"password_hash": ["(secret)", "(secret)"]},
        {"last_login_at": [None, "2026-12-01T09:00:00"]},
    ]
