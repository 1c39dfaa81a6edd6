"""Filling the meeting form: from a stored meeting (edit) or from a follow-up ("log it")."""

from __future__ import annotations

from datetime import time

from app.commitment.models import FollowUp
from app.meeting.form import BLANK_ROWS, FormState
from app.meeting.models import Meeting
from app.web import today


def _time(value: time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def state_from_meeting(meeting: Meeting) -> FormState:
    state = FormState()
    v = state.values
    for name in ("title", "kind", "venue", "city", "province", "status", "summary", "minutes"):
        v[name] = getattr(meeting, name) or ""
    v["date"] = meeting.date.isoformat() if meeting.date else ""
    v["date_confirmed"] = "1" if meeting.date_confirmed else ""
    v["start_time"], v["end_time"] = _time(meeting.start_time), _time(meeting.end_time)
    v["lead_id"] = str(meeting.lead_id or "")
    state.topic_ids = [str(t.id) for t in meeting.topics]
    for n, p in enumerate(meeting.participants):
        prefix = f"participants-{n}"
        v[f"{prefix}-organisation"] = p.organisation.name if p.organisation else ""
        v[f"{prefix}-contact"] = p.contact.display_name if p.contact else ""
        v[f"{prefix}-title"] = p.affiliation.title if p.affiliation else ""
        v[f"{prefix}-side"], v[f"{prefix}-role"] = p.side, p.role
    for n, pres in enumerate(meeting.presentations):
        prefix = f"presentations-{n}"
        v[f"{prefix}-title"] = pres.title
        v[f"{prefix}-presenter"] = pres.presenter.display_name if pres.presenter else ""
        v[f"{prefix}-organisation"] = pres.organisation.name if pres.organisation else ""
        v[f"{prefix}-topic_id"] = str(pres.topic_id or "")
    state.counts["participants"] = len(meeting.participants) + 2
    state.counts["presentations"] = len(meeting.presentations) + 1
    # Existing pledges, actions and follow-ups are managed in their registers; the edit form
    # offers blank rows to add more.
    state.counts.update(pledges=1, actions=1, follow_ups=1)
    v["version"] = str(meeting.version)
    return state


def state_from_follow_up(follow_up: FollowUp) -> FormState:
    state = FormState(counts=dict(BLANK_ROWS))
    v = state.values
    v["title"] = f"Follow-up: {follow_up.purpose}"[:300]
    v["date"] = today().isoformat()
    v["date_confirmed"] = "1"
    v["kind"] = "call" if follow_up.channel == "call" else "working_meeting"
    v["status"] = "held"
    v["summary"] = follow_up.purpose
    v["from_follow_up"] = str(follow_up.id)
    if follow_up.organisation or follow_up.contact:
        v["participants-0-organisation"] = (
            follow_up.organisation.name if follow_up.organisation else ""
        )
        v["participants-0-contact"] = follow_up.contact.display_name if follow_up.contact else ""
        v["participants-0-side"] = "counterpart"
    return state
