"""Turns database constraint violations into sentences a member of staff understands.

The database is the last line of defence (services validate first); when it does refuse a
write, the constraint's name tells us which rule was broken on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import re

from sqlalchemy.exc import IntegrityError

MESSAGES = {
    "uq_organisation_name_lower": "An organisation with this name already exists "
    "(names are compared regardless of case).",
    "uq_user_account_email_lower": "A user with this e-mail address already exists.",
    "ck_organisation_influence_range": "Influence must be a whole number from 1 to 5.",
    "ck_organisation_interest_range": "Interest must be a whole number from 1 to 5.",
    "ck_organisation_not_own_parent": "An organisation cannot be its own parent.",
    "ck_participant_someone_took_part": "A participant needs a contact or an organisation.",
    "ck_follow_up_has_someone": "A follow-up needs an organisation or a contact.",
    "ck_affiliation_dates_in_order": "An affiliation cannot end before it starts.",
    "ck_meeting_times_in_order": "A meeting cannot end before it starts.",
    "ck_meeting_undated_unconfirmed": "A meeting without a date cannot have a confirmed date.",
    "uq_topic_slug": "A topic with this short name already exists.",
    "uq_topic_name": "A topic with this name already exists.",
}

NOT_NULL_MESSAGES = {
    ("pledge", "maker_organisation_id"): "A pledge needs a maker: the organisation that made it.",
    ("pledge", "meeting_id"): "A pledge must belong to the meeting in which it was made.",
    ("organisation", "name"): "An organisation needs a name.",
    ("organisation", "kind"): "An organisation needs a kind.",
    ("contact", "full_name"): "A contact needs a name.",
}


def _names(exc: IntegrityError) -> tuple[str | None, str | None, str | None]:
    """(constraint, table, column) from the driver's error, on either engine."""
    diag = getattr(exc.orig, "diag", None)
    if diag is not None:  # psycopg
        return diag.constraint_name, diag.table_name, diag.column_name
    text = str(exc.orig)
    if match := re.search(r"NOT NULL constraint failed: (\w+)\.(\w+)", text):
        return None, match.group(1), match.group(2)
    if match := re.search(r"CHECK constraint failed: (\w+)", text):
        return match.group(1), None, None
    if match := re.search(r"UNIQUE constraint failed: index '(\w+)'", text):
        return match.group(1), None, None
    if match := re.search(r"UNIQUE constraint failed: (\w+)\.(\w+)", text):
        return f"uq_{match.group(1)}_{match.group(2)}", match.group(1), match.group(2)
    return None, None, None


def describe_integrity_error(exc: IntegrityError) -> str:
    constraint, table, column = _names(exc)
    if constraint and constraint in MESSAGES:
        return MESSAGES[constraint]
    if constraint and constraint.startswith("ck_") and constraint.endswith("_valid"):
        return f"A value is not one of the allowed choices ({constraint[3:-6].replace('_', ' ')})."
    if table and column and (table, column) in NOT_NULL_MESSAGES:
        return NOT_NULL_MESSAGES[(table, column)]
    if column:
        return f"{column.replace('_', ' ').capitalize()} is required."
    if "FOREIGN KEY" in str(exc.orig) or (constraint or "").startswith("fk_"):
        return "This refers to a record that does not exist, or is still in use elsewhere."
    return "The change conflicts with data already stored."
