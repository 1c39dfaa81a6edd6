"""Creating and editing contacts and their affiliations."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlalchemy.orm import Session

from app.concurrency import ensure_current
from app.contact.models import Affiliation, Contact
from app.contact.schemas import ContactForm
from app.errors import FormInvalid
from app.matching import MatchKind, OrganisationMatcher


def _end_dates(contact: Contact, values: Mapping[str, str]) -> dict[int, date]:
    ends: dict[int, date] = {}
    for affiliation in contact.affiliations:
        raw = values.get(f"end-{affiliation.id}", "").strip()
        if not raw:
            continue
        try:
            ends[affiliation.id] = date.fromisoformat(raw)
        except ValueError as exc:
            raise FormInvalid({f"end-{affiliation.id}": "Enter a date as YYYY-MM-DD."}) from exc
        if affiliation.start_date and ends[affiliation.id] < affiliation.start_date:
            raise FormInvalid({f"end-{affiliation.id}": "It cannot end before it started."})
    return ends


def save_contact(
    session: Session, form: ContactForm, values: Mapping[str, str], contact: Contact | None = None
) -> Contact:
    if contact is not None:
        ensure_current(session, contact, form.version)
        for affiliation in contact.affiliations:
            if (end := _end_dates(contact, values).get(affiliation.id)) is not None:
                affiliation.end_date = end
    else:
        contact = Contact(affiliations=[])
        session.add(contact)
    contact.honorific, contact.full_name = form.honorific, form.full_name
    contact.emails, contact.phones, contact.notes = form.emails, form.phones, form.notes
    if form.new_organisation or form.new_title:
        if not (form.new_organisation and form.new_title):
            field = "new_title" if form.new_organisation else "new_organisation"
            raise FormInvalid({field: "Give both the organisation and the title."})
        match = OrganisationMatcher.from_database(session).match(form.new_organisation)
        if not match.found or match.kind is MatchKind.fuzzy:
            raise FormInvalid(
                {
                    "new_organisation": "Type the exact name, acronym or alias of an "
                    "organisation (create it first if it is new)."
                }
            )
        contact.affiliations.append(
            Affiliation(
                organisation_id=match.id, title=form.new_title, start_date=form.new_start_date
            )
        )
    session.flush()
    return contact
