"""Creating, editing, archiving and restoring contacts through the pages' forms.

The form is an adapter: it turns the lines typed into lists and the organisation of a
new title into a record, and hands each command (the contact, a title that ended, a
new title) to the write functions the API uses too (app.contact.commands)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from app import submissions
from app.archive import add_archive_routes
from app.auth.guard import EditorUser
from app.concurrency import EditConflict, ensure_current
from app.contact import queries
from app.contact.commands import (
    AffiliationCreate,
    AffiliationUpdate,
    ContactCreate,
    write_affiliation,
    write_contact,
)
from app.contact.models import Contact
from app.deps import SessionDep
from app.errors import FormInvalid
from app.forms import command_from_form, form_fields
from app.organisation.service import organisation_named
from app.web import flash, render

router = APIRouter(tags=["contacts"])


def _values(contact: Contact) -> dict[str, Any]:
    return {
        "honorific": contact.honorific or "",
        "full_name": contact.full_name,
        "emails": "\n".join(contact.emails),
        "phones": "\n".join(contact.phones),
        "notes": contact.notes or "",
        "version": contact.version,
    }


def _render(
    request: Request,
    values: dict[str, Any],
    contact: Contact | None,
    *,
    errors: dict[str, str] | None = None,
    conflict: EditConflict | None = None,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "contact/form.html",
        {
            "values": values,
            "contact": contact,
            "errors": errors or {},
            "conflict": conflict,
            "active_nav": "contacts",
        },
        status_code=status_code,
    )


# The new title's fields, as the affiliation command names them.
JOINING = {
    "organisation_id": "new_organisation",
    "title": "new_title",
    "start_date": "new_start_date",
}


def _joining(session: Session, values: dict[str, str], errors: dict[str, str]) -> dict[str, Any]:
    """The new title, if one was typed: both halves, and an organisation on record."""
    typed = {name: values.get(name, "").strip() for name in JOINING.values()}
    if not (typed["new_organisation"] or typed["new_title"]):
        return {}
    if not (typed["new_organisation"] and typed["new_title"]):
        field = "new_title" if typed["new_organisation"] else "new_organisation"
        errors[field] = "Give both the organisation and the title."
        return {}
    organisation_id = organisation_named(session, typed["new_organisation"])
    if organisation_id is None:
        errors["new_organisation"] = (
            "Type the exact name, acronym or alias of an organisation "
            "(create it first if it is new)."
        )
    return {
        "organisation_id": organisation_id,
        "title": typed["new_title"],
        "start_date": typed["new_start_date"],
    }


def _commands(
    session: Session, values: dict[str, str], contact: Contact | None
) -> tuple[ContactCreate, list[tuple[Any, AffiliationUpdate]], dict[str, Any]]:
    """Every command the form asks for, each checked before any is carried out."""
    errors: dict[str, str] = {}
    joining = _joining(session, values, errors)
    ended = []
    for affiliation in contact.affiliations if contact else []:
        field = f"end-{affiliation.id}"
        if raw := values.get(field, "").strip():
            try:
                ended.append((affiliation, command_from_form(AffiliationUpdate, {"end_date": raw})))
            except FormInvalid as exc:
                errors[field] = exc.errors["end_date"]
    if joining:
        # Checked before the contact exists: a stand-in for its id (ids are checked on
        # writing, below).
        try:
            command_from_form(AffiliationCreate, {**joining, "contact_id": 1}, names=JOINING)
        except FormInvalid as exc:
            errors = exc.errors | errors
    data: dict[str, Any] = {
        name: values.get(name, "") for name in ("honorific", "full_name", "notes")
    }
    data |= {name: values.get(name, "").splitlines() for name in ("emails", "phones")}
    command = command_from_form(ContactCreate, data, errors=errors)
    return command, ended, joining


def _save(session: Session, values: dict[str, str], contact: Contact | None) -> Contact:
    if contact is not None:
        version = values.get("version", "")
        ensure_current(session, contact, int(version) if version.isdigit() else None)
    command, ended, joining = _commands(session, values, contact)
    # All or nothing: a refusal of a later command undoes the earlier ones.
    with session.begin_nested():
        saved = write_contact(session, contact, command)
        for affiliation, end in ended:
            with form_fields({"end_date": f"end-{affiliation.id}"}):
                write_affiliation(session, affiliation, end)
        if joining:
            new = AffiliationCreate.model_validate({**joining, "contact_id": saved.id})
            with form_fields(JOINING):
                write_affiliation(session, None, new)
    return saved


async def _submit(request: Request, session: SessionDep, contact: Contact | None) -> Response:
    values = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    token = None if contact else values.get(submissions.FIELD)
    if earlier := submissions.replay(request, session, token):
        return earlier
    try:
        saved = _save(session, values, contact)
    except FormInvalid as exc:
        return _render(request, values, contact, errors=exc.errors, status_code=422)
    except EditConflict as exc:
        if contact is not None:
            exc.merge_into(values, _values(contact))
        return _render(request, values, contact, conflict=exc, status_code=409)
    flash(request, f"Saved {saved.display_name}.")
    url = request.url_for("contact_detail", contact_id=saved.id)
    return submissions.answered(session, token, RedirectResponse(url, status_code=303))


@router.get("/contacts/new", name="contact_new")
def new_contact(request: Request, _user: EditorUser) -> Response:
    return _render(request, {}, None)


@router.post("/contacts/new")
async def create_contact(request: Request, session: SessionDep, _user: EditorUser) -> Response:
    return await _submit(request, session, None)


@router.get("/contacts/{contact_id}/edit", name="contact_edit")
def edit_contact(
    request: Request, session: SessionDep, _user: EditorUser, contact_id: int
) -> Response:
    contact = queries.get_contact_detail(session, contact_id)
    return _render(request, _values(contact), contact)


@router.post("/contacts/{contact_id}/edit")
async def update_contact(
    request: Request, session: SessionDep, _user: EditorUser, contact_id: int
) -> Response:
    return await _submit(request, session, queries.get_contact_detail(session, contact_id))


add_archive_routes(
    router,
    collection="contacts",
    noun="contact",
    load=queries.get_contact_detail,
    detail_route="contact_detail",
    id_param="contact_id",
)
