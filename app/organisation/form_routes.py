"""Creating, editing, archiving and restoring organisations through the pages' forms.

The form is an adapter: it turns the typed parent into a record and the lines of
aliases into a list, and hands the command to the one write function the API uses too
(app.organisation.commands)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from app import submissions
from app.account.queries import active_users
from app.archive import add_archive_routes
from app.auth.guard import EditorUser
from app.concurrency import EditConflict, ensure_current
from app.deps import SessionDep
from app.errors import FormInvalid
from app.forms import command_from_form, form_fields
from app.organisation import queries
from app.organisation.commands import OrganisationCreate, write_organisation
from app.organisation.models import Organisation, OrganisationKind, Province, Stance
from app.organisation.service import LooksLikeExisting, organisation_named
from app.web import flash, render

router = APIRouter(tags=["organisations"])


def _values(org: Organisation) -> dict[str, Any]:
    return {
        "name": org.name,
        "acronym": org.acronym or "",
        "kind": org.kind,
        "aliases": "\n".join(a.alias for a in org.aliases),
        "parent": org.parent.name if org.parent else "",
        "province": org.province or "",
        "city": org.city or "",
        "website": org.website or "",
        "description": org.description or "",
        "influence": org.influence or "",
        "interest": org.interest or "",
        "stance": org.stance or "",
        "owner_id": org.owner_id or "",
        "version": org.version,
    }


def _render(
    request: Request,
    session: Session,
    values: dict[str, Any],
    org: Organisation | None,
    *,
    errors: dict[str, str] | None = None,
    duplicate: bool = False,
    conflict: EditConflict | None = None,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "organisation/form.html",
        {
            "values": values,
            "org": org,
            "errors": errors or {},
            "duplicate": duplicate,
            "conflict": conflict,
            "active_nav": "organisations",
            "kind_options": [(k.value, k.label) for k in OrganisationKind],
            "province_options": [(p.value, p.label) for p in Province],
            "stance_options": [(s.value, s.value.capitalize()) for s in Stance],
            "level_options": [(n, str(n)) for n in range(1, 6)],
            "user_options": [(u.id, u.display_name) for u in active_users(session)],
        },
        status_code=status_code,
    )


# Fields sent as typed; the command's own types read a blank as "not recorded".
PLAIN = (
    *("name", "acronym", "kind", "province", "city", "website", "description"),
    *("influence", "interest", "stance"),
)
# The form asks for the parent by name where the command takes its id.
NAMES = {"parent_id": "parent"}


def _save(session: Session, values: dict[str, str], org: Organisation | None) -> Organisation:
    if org is not None:
        version = values.get("version", "")
        ensure_current(session, org, int(version) if version.isdigit() else None)
    errors, parent_id = {}, None
    if typed := values.get("parent", "").strip():
        parent_id = organisation_named(session, typed)
        if parent_id is None:
            errors["parent"] = "Type the exact name, acronym or alias of an organisation."
    data = {name: values.get(name, "") for name in PLAIN} | {
        "aliases": values.get("aliases", "").splitlines(),
        "parent_id": parent_id,
        "owner_id": values.get("owner_id") or None,
        "create_anyway": "create_anyway" in values,
    }
    # The whole record, as the form always shows every field (name and kind required).
    command = command_from_form(OrganisationCreate, data, names=NAMES, errors=errors)
    with form_fields(NAMES):
        return write_organisation(session, org, command)


async def _submit(request: Request, session: Session, org: Organisation | None) -> Response:
    values = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    token = None if org else values.get(submissions.FIELD)
    if earlier := submissions.replay(request, session, token):
        return earlier
    try:
        saved = _save(session, values, org)
    except LooksLikeExisting as exc:
        return _render(
            request, session, values, org, errors=exc.errors, duplicate=True, status_code=422
        )
    except FormInvalid as exc:
        return _render(request, session, values, org, errors=exc.errors, status_code=422)
    except EditConflict as exc:
        if org is not None:
            exc.merge_into(values, _values(org))
        return _render(request, session, values, org, conflict=exc, status_code=409)
    flash(request, f"Saved {saved.name}.")
    url = request.url_for("organisation_detail", organisation_id=saved.id)
    return submissions.answered(session, token, RedirectResponse(url, status_code=303))


@router.get("/organisations/new", name="organisation_new")
def new_organisation(request: Request, session: SessionDep, _user: EditorUser) -> Response:
    return _render(request, session, {}, None)


@router.post("/organisations/new")
async def create_organisation(request: Request, session: SessionDep, _user: EditorUser) -> Response:
    return await _submit(request, session, None)


@router.get("/organisations/{organisation_id}/edit", name="organisation_edit")
def edit_organisation(
    request: Request, session: SessionDep, _user: EditorUser, organisation_id: int
) -> Response:
    org = queries.get_organisation_detail(session, organisation_id)
    return _render(request, session, _values(org), org)


@router.post("/organisations/{organisation_id}/edit")
async def update_organisation(
    request: Request, session: SessionDep, _user: EditorUser, organisation_id: int
) -> Response:
    org = queries.get_organisation_detail(session, organisation_id)
    return await _submit(request, session, org)


add_archive_routes(
    router,
    collection="organisations",
    noun="organisation",
    load=queries.get_organisation_detail,
    detail_route="organisation_detail",
    id_param="organisation_id",
)
