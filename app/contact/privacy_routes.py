"""Privacy requests: export everything on a contact, or erase them. Admins only."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.responses import Response

from app.auth.guard import require_admin
from app.contact.privacy import erase_contact, export_contact
from app.deps import SessionDep
from app.web import flash

router = APIRouter(prefix="/contacts", tags=["privacy"], dependencies=[Depends(require_admin)])


@router.get("/{contact_id}/export.json", name="contact_export")
def contact_export(session: SessionDep, contact_id: int) -> Response:
    return JSONResponse(
        export_contact(session, contact_id),
        headers={"Content-Disposition": f'attachment; filename="contact-{contact_id}.json"'},
    )


@router.post("/{contact_id}/erase", name="contact_erase")
def contact_erase(request: Request, session: SessionDep, contact_id: int) -> Response:
    erase_contact(session, contact_id)
    flash(request, "The contact's personal details have been erased.")
    return RedirectResponse(
        request.url_for("contact_detail", contact_id=contact_id), status_code=303
    )
