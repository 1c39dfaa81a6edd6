"""Creating, editing, archiving and restoring contacts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from app import submissions
from app.archive import add_archive_routes
from app.auth.guard import EditorUser
from app.concurrency import EditConflict
from app.contact import queries
from app.contact.models import Contact
from app.contact.schemas import ContactForm
from app.contact.service import save_contact
from app.deps import SessionDep
from app.errors import FormInvalid
from app.forms import parse_form
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


async def _submit(request: Request, session: SessionDep, contact: Contact | None) -> Response:
    values = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    token = None if contact else values.get(submissions.FIELD)
    if earlier := submissions.replay(request, session, token):
        return earlier
    try:
        saved = save_contact(session, parse_form(ContactForm, values), values, contact)
    except FormInvalid as exc:
        return _render(request, values, contact, errors=exc.errors, status_code=422)
    except EditConflict as exc:
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
