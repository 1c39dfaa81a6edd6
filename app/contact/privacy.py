"""Privacy requests about one person: everything we hold on them, and erasure.

Erasure anonymises the personal fields and scrubs them from the audit trail, while the
records that refer to the person (participations, pledges, affiliations, audit events) keep
their shape, so meetings still add up."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from app.audit.models import AuditAction, AuditEvent
from app.commitment.models import FollowUp, Pledge
from app.contact.models import Affiliation, Contact
from app.contact.queries import get_contact_detail
from app.errors import Conflict
from app.meeting.models import Meeting, Participant

PERSONAL_FIELDS = ("honorific", "full_name", "emails", "phones", "notes")
ERASED = "[erased]"


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _events(session: Session, contact_id: int) -> list[AuditEvent]:
    stmt = select(AuditEvent).where(
        AuditEvent.entity_type == "contact", AuditEvent.entity_id == contact_id
    )
    return list(session.scalars(stmt.order_by(AuditEvent.id)))


def export_contact(session: Session, contact_id: int) -> dict[str, Any]:
    contact = get_contact_detail(session, contact_id)
    participations = session.scalars(
        select(Participant)
        .where(Participant.contact_id == contact_id)
        .options(joinedload(Participant.meeting), joinedload(Participant.organisation))
    ).all()
    pledges = session.scalars(
        select(Pledge)
        .where(Pledge.maker_contact_id == contact_id)
        .options(joinedload(Pledge.meeting))
    ).all()
    follow_ups = session.scalars(select(FollowUp).where(FollowUp.contact_id == contact_id)).all()
    return {
        "contact": {
            "id": contact.id,
            **{f: getattr(contact, f) for f in PERSONAL_FIELDS},
            "erased": contact.erased,
            "created_at": _iso(contact.created_at),
        },
        "affiliations": [_affiliation(a) for a in contact.affiliations],
        "meetings": [_participation(p) for p in participations],
        "pledges_made": [
            {"id": p.id, "text": p.text, "status": p.status, "meeting": p.meeting.title}
            for p in pledges
        ],
        "follow_ups": [
            {"id": f.id, "purpose": f.purpose, "due_date": _iso(f.due_date), "status": f.status}
            for f in follow_ups
        ],
        "audit_trail": [
            {"when": _iso(e.occurred_at), "action": e.action, "changes": e.visible_changes}
            for e in _events(session, contact_id)
        ],
    }


def _affiliation(a: Affiliation) -> dict[str, Any]:
    return {
        "organisation": a.organisation.name,
        "title": a.title,
        "start_date": _iso(a.start_date),
        "end_date": _iso(a.end_date),
    }


def _participation(p: Participant) -> dict[str, Any]:
    meeting: Meeting = p.meeting
    return {
        "meeting": meeting.title,
        "date": _iso(meeting.date),
        "side": p.side,
        "role": p.role,
        "organisation": p.organisation.name if p.organisation else None,
    }


def erase_contact(session: Session, contact_id: int) -> Contact:
    contact = get_contact_detail(session, contact_id)
    if contact.erased:
        raise Conflict("This contact has already been erased.")
    contact.honorific, contact.notes = None, None
    contact.full_name = f"Erased contact #{contact.id}"
    contact.emails, contact.phones = [], []
    contact.erased = True
    session.flush()  # the audit recorder writes this change; scrub it with the rest
    events = _events(session, contact.id)
    for event in events:
        event.changes = {
            name: [ERASED if v not in (None, [], False, True) else v for v in values]
            if name in PERSONAL_FIELDS
            else values
            for name, values in event.changes.items()
        }
    events[-1].action = AuditAction.erase.value
    return contact
