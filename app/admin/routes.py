"""Administration: staff accounts and the audit log. Admins only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select
from starlette.responses import Response

from app.account import queries
from app.account.models import Role
from app.account.passwords import password_problem
from app.account.service import add_user, end_sessions, set_password
from app.audit.filters import AuditFilters, audit_stmt
from app.audit.models import AuditAction
from app.audit.queries import describe_any_changes
from app.auth.guard import AdminUser, require_admin
from app.deps import SessionDep
from app.errors import Conflict, FormInvalid
from app.filtering import Paging, query_form
from app.listing import paginate
from app.organisation.health import ContactCadence, cadence_days
from app.organisation.models import OrganisationKind
from app.web import flash, render

router = APIRouter(prefix="/admin", tags=["admin"], dependencies=[Depends(require_admin)])

ROLES = [(r.value, r.value.capitalize()) for r in Role]


@router.get("", name="admin_home")
def admin_home(request: Request) -> Response:
    return render(request, "admin/index.html", {"active_nav": "admin"})


@router.get("/users", name="admin_users")
def users(request: Request, session: SessionDep) -> Response:
    return render(
        request,
        "admin/users.html",
        {
            "users": session.scalars(queries.users_stmt()).all(),
            "roles": ROLES,
            "form": {},
            "errors": {},
            "active_nav": "admin",
        },
    )


@router.post("/users")
def create_user(
    request: Request,
    session: SessionDep,
    email: Annotated[str, Form(max_length=254)] = "",
    display_name: Annotated[str, Form(max_length=200)] = "",
    role: Annotated[str, Form(max_length=16)] = "viewer",
    password: Annotated[str, Form(max_length=1024)] = "",
) -> Response:
    form = {"email": email, "display_name": display_name, "role": role}
    try:
        user = add_user(
            session, email=email, display_name=display_name, role=role, password=password
        )
    except (FormInvalid, Conflict) as exc:
        errors = exc.errors if isinstance(exc, FormInvalid) else {"email": exc.message}
        return render(
            request,
            "admin/users.html",
            {
                "users": session.scalars(queries.users_stmt()).all(),
                "roles": ROLES,
                "form": form,
                "errors": errors,
                "active_nav": "admin",
            },
            status_code=422,
        )
    flash(request, f"Created {user.display_name} ({user.role}).")
    return RedirectResponse(request.url_for("admin_users"), status_code=303)


@router.post("/users/{user_id}")
def update_user(
    request: Request,
    session: SessionDep,
    admin: AdminUser,
    user_id: int,
    role: Annotated[Role, Form()],
    active: Annotated[bool, Form()] = False,
) -> Response:
    user = queries.get_user(session, user_id)
    if user.id == admin.id and (role != Role.admin or not active):
        raise Conflict("You cannot remove your own administrator role or deactivate yourself.")
    if user.active and not active:
        end_sessions(session, user)  # deactivated: signed out everywhere, at once
    user.role, user.active = role.value, active
    flash(request, f"Saved {user.display_name}: {user.role}, {'active' if active else 'inactive'}.")
    return RedirectResponse(request.url_for("admin_users"), status_code=303)


@router.post("/users/{user_id}/password")
def reset_password(
    request: Request,
    session: SessionDep,
    user_id: int,
    password: Annotated[str, Form(max_length=1024)] = "",
) -> Response:
    user = queries.get_user(session, user_id)
    if problem := password_problem(password, email=user.email, name=user.display_name):
        raise FormInvalid({"password": problem})
    set_password(session, user, password)
    flash(request, f"New password set for {user.display_name}; their other sessions have ended.")
    return RedirectResponse(request.url_for("admin_users"), status_code=303)


@router.get("/audit", name="admin_audit")
def audit_log(
    request: Request,
    session: SessionDep,
    filters: Annotated[AuditFilters, Depends(query_form(AuditFilters))],
    paging: Annotated[Paging, Depends(query_form(Paging))],
) -> Response:
    stmt = audit_stmt(filters, request.app.state.settings.zone)
    result = paginate(session, stmt, paging.page, 50)
    result.query_args = filters.query_args()
    describe_any_changes(session, result.items)
    return render(
        request,
        "admin/audit.html",
        {
            "page": result,
            "filters": filters,
            "actions": list(AuditAction),
            "users": session.scalars(queries.users_stmt()).all(),
            "active_nav": "admin",
        },
    )


@router.get("/cadence", name="admin_cadence")
def cadence(request: Request, session: SessionDep) -> Response:
    return render(
        request,
        "admin/cadence.html",
        {
            "kinds": [(kind, days) for kind, days in cadence_days(session).items()],
            "labels": KIND_LABELS_BY_VALUE,
            "errors": {},
            "active_nav": "admin",
        },
    )


@router.post("/cadence")
async def save_cadence(request: Request, session: SessionDep) -> Response:
    form = await request.form()
    values, errors = {}, {}
    for kind in OrganisationKind:
        raw = str(form.get(kind.value, "")).strip()
        if not raw.isdigit() or not 1 <= int(raw) <= 3650:
            errors[kind.value] = "Enter a number of days from 1 to 3650."
        values[kind.value] = raw
    if errors:
        return render(
            request,
            "admin/cadence.html",
            {
                "kinds": list(values.items()),
                "labels": KIND_LABELS_BY_VALUE,
                "errors": errors,
                "active_nav": "admin",
            },
            status_code=422,
        )
    stored = {c.organisation_kind: c for c in session.scalars(select(ContactCadence))}
    for code, raw in values.items():
        row = stored.get(code) or ContactCadence(organisation_kind=code, expected_days=int(raw))
        row.expected_days = int(raw)
        session.add(row)
    flash(request, "Contact cadence saved. Relationship health uses it at once.")
    return RedirectResponse(request.url_for("admin_cadence"), status_code=303)


KIND_LABELS_BY_VALUE = {kind.value: kind.label for kind in OrganisationKind}
