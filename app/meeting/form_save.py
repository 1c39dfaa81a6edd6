"""The meeting form as an adapter: a filled-in form (typed, or drafted from a text by
ingest) becomes a meeting command, handed to the one function that writes it
(app.meeting.service). What stays here is the form's own business: matching typed names,
asking whether a look-alike is the same meeting, and putting each refusal beside its
field."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.commitment.models import FollowUp
from app.errors import FormInvalid
from app.forms import form_errors
from app.matching import ContactMatcher, OrganisationMatcher, normalise
from app.meeting.commands import CreateMeeting, UpdateMeeting
from app.meeting.form import FormState, form_field, resolve
from app.meeting.models import Meeting, Participant, Side
from app.meeting.service import create_meeting, update_meeting


def save_form(
    session: Session,
    state: FormState,
    meeting: Meeting | None = None,
    *,
    follow_up: FollowUp | None = None,
) -> Meeting:
    """Check a filled-in meeting form and save it (FormInvalid, with a message per field
    in `state.errors`, when something is wrong)."""
    fields = resolve(
        state,
        OrganisationMatcher.from_database(session),
        ContactMatcher.from_database(session),
        follow_up_owner=session.info.get("user_id"),
    )
    if meeting is None and not state.get("different_meeting"):
        _refuse_a_second_copy(session, state, fields)
    try:
        if meeting is None:
            completes = follow_up.id if follow_up is not None else None
            return create_meeting(
                session, CreateMeeting(**fields, completes_follow_up_id=completes)
            )
        version = state.get("version")
        # A form with no version cannot say what it changed: 0 matches no record's version.
        command = UpdateMeeting(**fields, version=int(version) if version.isdigit() else 0)
        return update_meeting(session, meeting, command)
    except ValidationError as exc:
        problems = form_errors(exc)
    except FormInvalid as exc:
        problems = exc.errors
    state.errors = {}
    for path, message in problems.items():
        state.errors.setdefault(form_field(path), message)
    raise FormInvalid(state.errors)


# How alike two titles must be (rapidfuzz's token set ratio) for a meeting on the same day
# with the same organisation to be taken for one already logged.
SIMILAR_TITLE = 75


def logged_twin(session: Session, fields: dict[str, Any]) -> Meeting | None:
    """A live meeting already logged on the same date under a similar title, with one of
    the same organisations on the other side of the table when the form names any. (A form
    sent again after Back may have lost its participant rows: Chromium restores the fields
    the page drew, not rows added in place.)"""
    org_ids = {
        row["organisation"]
        for row in fields["participants"]
        if isinstance(row["organisation"], int) and row["side"] != Side.ours.value
    }
    if fields["date"] is None:
        return None
    same_day = select(Meeting).where(Meeting.date == fields["date"], Meeting.archived_at.is_(None))
    if org_ids:
        with_them = select(Participant.meeting_id).where(Participant.organisation_id.in_(org_ids))
        same_day = same_day.where(Meeting.id.in_(with_them))
    title = normalise(fields["title"] or "")
    for candidate in session.scalars(same_day.limit(20)):
        if fuzz.token_set_ratio(title, normalise(candidate.title)) >= SIMILAR_TITLE:
            return candidate
    return None


def _refuse_a_second_copy(session: Session, state: FormState, fields: dict[str, Any]) -> None:
    twin = logged_twin(session, fields)
    if twin is None:
        return
    state.warnings["different_meeting"] = str(twin.id)
    state.errors["title"] = (
        f"“{twin.title}”, on the same day under a similar title, is already logged. "
        "Open it, or tick “It is a different meeting” to log this one as well."
    )
    raise FormInvalid(state.errors)
