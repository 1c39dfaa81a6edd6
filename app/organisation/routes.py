"""Organisation pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from sqlalchemy.orm import Session
from starlette.responses import Response

from app.aggregates import kept
from app.audit.queries import history_of
from app.commitment import queries as commitments
from app.commitment.lines import action_lines, follow_up_lines, pledge_lines
from app.deps import SessionDep
from app.document.service import documents_of
from app.filtering import Paging, query_form
from app.listing import paginate
from app.meeting.lines import meeting_lines
from app.organisation import queries
from app.organisation.health import health_of
from app.organisation.models import OrganisationKind, Province
from app.web import render_cached_page, today

router = APIRouter(prefix="/organisations", tags=["organisations"])


@router.get("", name="organisation_list")
def organisation_list(
    request: Request,
    session: SessionDep,
    filters: Annotated[
        queries.OrganisationFilters, Depends(query_form(queries.OrganisationFilters))
    ],
    paging: Annotated[Paging, Depends(query_form(Paging))],
) -> Response:
    def make_context() -> dict[str, object]:
        stmt, chosen_sort = queries.organisation_list_stmt(filters)
        result = paginate(session, stmt, paging.page, paging.per_page)
        result.query_args = {**filters.query_args(), "sort": chosen_sort}
        return {
            "page": result,
            "filters": filters,
            "kinds": list(OrganisationKind),
            "provinces": list(Province),
        }

    return render_cached_page(
        request,
        session,
        "organisation/_list.html",
        make_context,
        title="Organisations",
        active_nav="organisations",
    )


# A big body has hundreds of people: its page names the first few, alphabetically, and
# links to all of them in the contact list.
PEOPLE_SHOWN = 30


@router.get("/{organisation_id}", name="organisation_detail")
def organisation_detail(request: Request, session: SessionDep, organisation_id: int) -> Response:
    return render_cached_page(
        request,
        session,
        "organisation/_content.html",
        lambda: _detail(session, organisation_id),
        # Kept like the content: read on every view, it was a statement and an object each.
        title=kept(
            session,
            ("organisation name", organisation_id),
            lambda: queries.get_organisation(session, organisation_id).name,
        ),
        active_nav="organisations",
        key=organisation_id,
    )


def _detail(session: Session, organisation_id: int) -> dict[str, object]:
    org = queries.get_organisation_detail(session, organisation_id)
    return {
        "org": org,
        "people": queries.people_at(session, organisation_id, shown=PEOPLE_SHOWN),
        "meetings": queries.meetings_with_organisation(
            session, organisation_id, limit=20, lines=meeting_lines
        ),
        "pledges": commitments.pledges_involving(session, organisation_id, lines=pledge_lines),
        "actions": commitments.open_actions_for_organisation(
            session, organisation_id, lines=action_lines
        ),
        "follow_ups": commitments.due_follow_ups_for_organisation(
            session, organisation_id, lines=follow_up_lines
        ),
        "events": history_of(session, org, limit=50),
        "documents": documents_of(session, "organisation", organisation_id),
        "health": health_of(session, org, today()),
    }
