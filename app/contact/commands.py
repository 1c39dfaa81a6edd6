"""The commands that write contacts and their affiliations, and the one function for each
that holds its rules. The contact form, the API, `engage import` and the seed are
adapters: they build a command (the organisation already turned into an id) and hand it
here. On an existing record only the fields a command sets are changed."""

from collections.abc import Callable
from typing import Annotated, Any

from pydantic import AfterValidator, Field, StringConstraints
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from app.api.resource import Ref, WriteSchema, assign, check_references
from app.contact.models import Affiliation, Contact
from app.contact.schemas import PHONE, is_email
from app.errors import FormInvalid
from app.forms import Blankable, Name, OptionalDate, OptionalLongText, clean_text
from app.organisation.models import Organisation

MAX_ADDRESSES = 20


def _listed(test: Callable[[str], bool], what: str, plural: str) -> AfterValidator:
    """Blank entries dropped, each checked, repeats removed, whichever door they came by."""

    def check(value: list[str]) -> list[str]:
        items = [item for item in (clean_text(v) for v in value) if item]
        bad = [item for item in items if not test(item)]
        if bad:
            raise ValueError(f"“{bad[0][:60]}” is not {what}")
        if len(items) > MAX_ADDRESSES:
            raise ValueError(f"give at most {MAX_ADDRESSES} {plural}")
        return list(dict.fromkeys(items))

    return AfterValidator(check)


Emails = Annotated[list[str], _listed(is_email, "an e-mail address", "e-mail addresses")]
Phones = Annotated[
    list[str], _listed(lambda v: PHONE.match(v) is not None, "a phone number", "phone numbers")
]
Honorific = Blankable[Annotated[str, StringConstraints(max_length=40)]]
FullName = Annotated[Name, Field(max_length=200)]


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


def write_contact(session: Session, contact: Contact | None, data: Any) -> Contact:
    if contact is None:
        contact = Contact(emails=[], phones=[], affiliations=[])
        session.add(contact)
    elif contact.erased:
        raise FormInvalid({"full_name": "This contact was erased at their request."})
    assign(contact, data)
    session.flush()
    return contact


class AffiliationCreate(WriteSchema):
    contact_id: Ref
    organisation_id: Ref
    title: Name
    start_date: OptionalDate = None
    end_date: OptionalDate = None
    is_primary: bool = True


class AffiliationUpdate(WriteSchema):
    organisation_id: Ref | None = None
    title: Name | None = None
    start_date: OptionalDate = None
    end_date: OptionalDate = None
    is_primary: bool | None = None


def write_affiliation(session: Session, affiliation: Affiliation | None, data: Any) -> Affiliation:
    check_references(session, data, {"contact_id": Contact, "organisation_id": Organisation})
    sent = data.model_fields_set

    def after(name: str) -> Any:
        """The value the record will hold: sent, or as it is."""
        return getattr(data if affiliation is None or name in sent else affiliation, name)

    start, end = after("start_date"), after("end_date")
    if start is not None and end is not None and end < start:
        raise FormInvalid({"end_date": "The end date is before the start date."})
    if "is_primary" in sent and data.is_primary is None:
        raise FormInvalid({"is_primary": "Say true or false."})
    if affiliation is None:
        affiliation = Affiliation()
        session.add(affiliation)
    assign(affiliation, data)
    session.flush()
    # A person or body already loaded in this session lists its titles afresh when next
    # asked (the write set ids, not the collections).
    for owner in (
        session.identity_map.get(identity_key(Contact, affiliation.contact_id)),
        session.identity_map.get(identity_key(Organisation, affiliation.organisation_id)),
    ):
        if owner is not None:  # not loaded: nothing stale to refresh, and nothing to load
            session.expire(owner, ["affiliations"])
    return affiliation
