"""Contacts and their affiliations in the JSON API."""

import datetime as dt
from typing import Annotated, Any

from pydantic import AfterValidator, Field, StringConstraints
from sqlalchemy import Select, func
from sqlalchemy.orm import Session

from app.api.resource import (
    ListQuery,
    ReadSchema,
    Ref,
    Resource,
    WriteSchema,
    assign,
    check_references,
)
from app.contact.models import Affiliation, Contact
from app.contact.schemas import EMAIL, PHONE
from app.errors import FormInvalid
from app.forms import Blankable, Name, OptionalLongText
from app.organisation.models import Organisation


def _matching(pattern: Any, what: str) -> AfterValidator:
    def check(items: list[str]) -> list[str]:
        bad = [item for item in items if not pattern.match(item)]
        if bad:
            raise ValueError(f"“{bad[0][:60]}” is not {what}")
        return list(dict.fromkeys(items))

    return AfterValidator(check)


Emails = Annotated[list[Name], Field(max_length=20), _matching(EMAIL, "an e-mail address")]
Phones = Annotated[list[Name], Field(max_length=20), _matching(PHONE, "a phone number")]
Honorific = Blankable[Annotated[str, StringConstraints(max_length=40)]]
FullName = Annotated[Name, Field(max_length=200)]


class ContactRead(ReadSchema):
    honorific: str | None
    full_name: str
    emails: list[str]
    phones: list[str]
    notes: str | None
    erased: bool


class ContactCreate(WriteSchema):
    honorific: Honorific = None
    full_name: FullName
    emails: Emails = []
    phones: Phones = []
    notes: OptionalLongText = None


class ContactUpdate(WriteSchema):
    honorific: Honorific = None
    full_name: FullName | None = None
    emails: Emails = []
    phones: Phones = []
    notes: OptionalLongText = None


class ContactQuery(ListQuery):
    q: Annotated[str | None, Field(max_length=200, description="Part of the name.")] = None


def _filter_contacts(stmt: Select[Any], query: ContactQuery) -> Select[Any]:
    if query.q:
        stmt = stmt.where(func.lower(Contact.full_name).like(f"%{query.q.lower()}%"))
    return stmt


def _write_contact(session: Session, contact: Contact | None, data: Any) -> Contact:
    if contact is None:
        contact = Contact(emails=[], phones=[])
        session.add(contact)
    elif contact.erased:
        raise FormInvalid({"full_name": "This contact was erased at their request."})
    assign(contact, data)
    session.flush()
    return contact


contact_resource = Resource(
    name="contacts",
    noun="contact",
    model=Contact,
    read=ContactRead,
    create=ContactCreate,
    update=ContactUpdate,
    query=ContactQuery,
    sorts={"full_name": Contact.full_name, "updated_at": Contact.updated_at, "id": Contact.id},
    default_sort="full_name",
    filter=_filter_contacts,
    write=_write_contact,
    required=("full_name",),
)


class AffiliationRead(ReadSchema):
    contact_id: int
    organisation_id: int
    title: str
    start_date: dt.date | None
    end_date: dt.date | None
    is_primary: bool


class AffiliationCreate(WriteSchema):
    contact_id: Ref
    organisation_id: Ref
    title: Name
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    is_primary: bool = True


class AffiliationUpdate(WriteSchema):
    organisation_id: Ref | None = None
    title: Name | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    is_primary: bool | None = None


class AffiliationQuery(ListQuery):
    contact_id: Ref | None = None
    organisation_id: Ref | None = None
    current: bool | None = Field(None, description="Only titles still held (or no longer held).")


def _filter_affiliations(stmt: Select[Any], query: AffiliationQuery) -> Select[Any]:
    if query.contact_id is not None:
        stmt = stmt.where(Affiliation.contact_id == query.contact_id)
    if query.organisation_id is not None:
        stmt = stmt.where(Affiliation.organisation_id == query.organisation_id)
    if query.current is not None:
        held = Affiliation.end_date.is_(None)
        stmt = stmt.where(held if query.current else ~held)
    return stmt


def _write_affiliation(session: Session, affiliation: Affiliation | None, data: Any) -> Affiliation:
    check_references(session, data, {"contact_id": Contact, "organisation_id": Organisation})
    if affiliation is None:
        affiliation = Affiliation()
        session.add(affiliation)
    assign(affiliation, data)
    if affiliation.is_primary is None:
        raise FormInvalid({"is_primary": "Say true or false."})
    start, end = affiliation.start_date, affiliation.end_date
    if start is not None and end is not None and end < start:
        raise FormInvalid({"end_date": "The end date is before the start date."})
    session.flush()
    return affiliation


affiliation_resource = Resource(
    name="affiliations",
    noun="affiliation",
    model=Affiliation,
    read=AffiliationRead,
    create=AffiliationCreate,
    update=AffiliationUpdate,
    query=AffiliationQuery,
    sorts={"start_date": Affiliation.start_date, "title": Affiliation.title, "id": Affiliation.id},
    default_sort="-start_date",
    filter=_filter_affiliations,
    write=_write_affiliation,
    required=("organisation_id", "title", "is_primary"),
)
