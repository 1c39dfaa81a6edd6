"""Contact pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from app.audit.queries import history_of
from app.commitment import queries as commitments
from app.contact import queries
from app.deps import SessionDep
from app.document.service import documents_of
from app.filtering import Paging, query_form
from app.listing import paginate
from app.organisation.queries import get_organisation
from app.web import render, render_cached_page

router = APIRouter(prefix="/contacts", tags=["contacts"])


@router.get("", name="contact_list")
def contact_list(
    request: Request,
    session: SessionDep,
    filters: Annotated[queries.ContactFilters, Depends(query_form(queries.ContactFilters))],
    paging: Annotated[Paging, Depends(query_form(Paging))],
) -> Response:
    def make_context() -> dict[str, object]:
        organisation = filters.organisation
        chosen = get_organisation(session, organisation) if organisation is not None else None
        stmt = queries.contact_list_stmt(filters.q, organisation)
        result = paginate(session, stmt, paging.page, paging.per_page)
        result.query_args = filters.query_args()
        return {"page": result, "q": filters.q or "", "chosen_org": chosen}

    return render_cached_page(
        request,
        session,
        "contact/_list.html",
        make_context,
        title="Contacts",
        active_nav="contacts",
    )


@router.get("/{contact_id}", name="contact_detail")
def contact_detail(request: Request, session: SessionDep, contact_id: int) -> Response:
    contact = queries.get_contact_detail(session, contact_id)
    return render(
        request,
        "contact/detail.html",
        {
            "contact": contact,
            "meetings": queries.meetings_attended(session, contact_id),
            "pledges": commitments.pledges_by_contact(session, contact_id),
            "events": history_of(session, contact),
            "documents": documents_of(session, "contact", contact_id),
            "active_nav": "contacts",
        },
    )
