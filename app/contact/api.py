"""Contacts and their affiliations in the JSON API."""

import datetime as dt
from typing import Annotated, Any

from pydantic import Field
from sqlalchemy import Select, func

from app.api.resource import ListQuery, ReadSchema, Ref, Resource
from app.contact.commands import (
    AffiliationCreate,
    AffiliationUpdate,
    ContactCreate,
    ContactUpdate,
    write_affiliation,
    write_contact,
)
from app.contact.models import Affiliation, Contact


class ContactRead(ReadSchema):
    honorific: str | None
    full_name: str
    emails: list[str]
    phones: list[str]
    notes: str | None
    erased: bool


class ContactQuery(ListQuery):
    q: Annotated[str | None, Field(max_length=200, description="Part of the name.")] = None


def _filter_contacts(stmt: Select[Any], query: ContactQuery) -> Select[Any]:
    if query.q:
        stmt = stmt.where(func.lower(Contact.full_name).like(f"%{query.q.lower()}%"))
    return stmt


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
    write=write_contact,
    required=("full_name",),
)


class AffiliationRead(ReadSchema):
    contact_id: int
    organisation_id: int
    title: str
    start_date: dt.date | None
    end_date: dt.date | None
    is_primary: bool


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
    write=write_affiliation,
    required=("organisation_id", "title", "is_primary"),
)
