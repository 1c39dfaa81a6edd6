"""Logging and editing meetings, type-ahead look-ups, archive and restore."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session
from starlette.responses import Response

from app import submissions
from app.account.queries import active_users
from app.archive import add_archive_routes
from app.auth.guard import EditorUser
from app.commitment.models import FollowUp, FollowUpStatus
from app.commitment.queries import follow_up_stmt
from app.concurrency import EditConflict
from app.contact.models import Affiliation, Contact
from app.deps import SessionDep
from app.document.service import keep_with_meeting
from app.errors import FormInvalid, NotFound
from app.meeting import queries
from app.meeting.form import GROUPS, MAX_ROWS, FormState, read_state
from app.meeting.form_save import save_form
from app.meeting.form_state import state_from_follow_up, state_from_meeting
from app.meeting.models import Meeting, MeetingKind, MeetingStatus, ParticipantRole
from app.meeting.service import archive_loaded, restore_loaded
from app.organisation.models import (
    Organisation,
    OrganisationAlias,
    OrganisationKind,
    Province,
)
from app.topic.models import Topic
from app.web import flash, render

router = APIRouter(tags=["meetings"])

LOOKUP_LIMIT = 20


def _choices(session: Session) -> dict[str, Any]:
    topics = session.scalars(
        select(Topic).where(Topic.archived_at.is_(None)).order_by(Topic.name)
    ).all()
    recent_orgs = session.scalars(
        select(Organisation.name)
        .where(Organisation.archived_at.is_(None))
        .order_by(Organisation.updated_at.desc())
        .limit(200)
    ).all()
    return {
        "kind_options": [(k.value, k.label) for k in MeetingKind],
        "status_options": [(s.value, s.value.capitalize()) for s in MeetingStatus],
        "province_options": [(p.value, p.label) for p in Province],
        "side_options": [
            ("ours", "Our side"),
            ("counterpart", "Counterpart"),
            ("observer", "Observer"),
        ],
        "role_options": [(r.value, r.label) for r in ParticipantRole],
        "org_kind_options": [(k.value, k.label) for k in OrganisationKind],
        "user_options": [(u.id, u.display_name) for u in active_users(session)],
        "topic_options": [(t.id, t.name) for t in topics],
        "topics": topics,
        "org_names": recent_orgs,
    }


def render_meeting_form(
    request: Request,
    session: Session,
    state: FormState,
    *,
    meeting: Meeting | None,
    status_code: int = 200,
    conflict: EditConflict | None = None,
    ingest: object | None = None,
    added: str | None = None,
) -> Response:
    """The meeting form; `ingest` is a draft read from a text, shown beside it for review."""
    context = {
        "state": state,
        "meeting": meeting,
        "conflict": conflict,
        "ingest": ingest,
        # The group a row was just added to, so its new row takes the focus (engage.js).
        "added": added,
        "active_nav": "meetings",
        **_choices(session),
    }
    return render(request, "meeting/form.html", context, status_code=status_code)


async def _submitted(request: Request) -> tuple[FormState, str | None]:
    form = await request.form()
    state = read_state(form, [v for v in form.getlist("topic_ids") if isinstance(v, str)])
    add = form.get("add")
    if isinstance(add, str) and add in GROUPS:
        state.counts[add] = min(state.counts[add] + 1, MAX_ROWS)
        return state, add
    use = form.get("use")  # "Use “X”" beside a look-alike warning: that name, in that field
    if isinstance(use, str) and "=" in use:
        name, _, chosen = use.partition("=")
        if name in state.values:
            state.values[name] = chosen
            return state, "use"
    return state, None


def _save(
    request: Request,
    session: Session,
    state: FormState,
    meeting: Meeting | None,
    follow_up: FollowUp | None,
) -> Response:
    token = None if meeting else state.get(submissions.FIELD)
    if earlier := submissions.replay(request, session, token):
        return earlier
    try:
        saved = save_form(session, state, meeting, follow_up=follow_up)
    except FormInvalid:
        return render_meeting_form(request, session, state, meeting=meeting, status_code=422)
    except EditConflict as conflict:
        if meeting is not None:
            _bring_in_their_changes(conflict, state, meeting)
        return render_meeting_form(
            request, session, state, meeting=meeting, status_code=409, conflict=conflict
        )
    from_document = state.get("from_document")
    if meeting is None and from_document.isdigit():
        keep_with_meeting(session, int(from_document), saved)
    flash(request, "Meeting saved." if meeting else "Meeting logged.")
    url = request.url_for("meeting_detail", meeting_id=saved.id)
    return submissions.answered(session, token, RedirectResponse(url, status_code=303))


def _bring_in_their_changes(conflict: EditConflict, state: FormState, meeting: Meeting) -> None:
    """The meeting as a colleague saved it, merged into the form as typed
    (EditConflict.merge_into), its topics as one field and its rows as many as either has."""
    saved = state_from_meeting(meeting)
    typed = {**state.values, "topics": ",".join(sorted(state.topic_ids))}
    conflict.merge_into(typed, {**saved.values, "topics": ",".join(sorted(saved.topic_ids))})
    if "topics" in conflict.taken:
        state.topic_ids = saved.topic_ids
    del typed["topics"]
    state.values = typed
    for group, rows in saved.counts.items():
        state.counts[group] = max(state.counts[group], rows)


def _follow_up(session: Session, follow_up_id: str | None) -> FollowUp | None:
    if not follow_up_id or not follow_up_id.isdigit():
        return None
    stmt = follow_up_stmt().where(FollowUp.id == int(follow_up_id))
    item = session.scalars(stmt).one_or_none()
    if item is None:
        raise NotFound(f"There is no follow-up number {follow_up_id}.")
    return item


@router.get("/meetings/new", name="meeting_new")
def new_meeting(
    request: Request, session: SessionDep, _user: EditorUser, from_follow_up: str | None = None
) -> Response:
    follow_up = _follow_up(session, from_follow_up)
    state = state_from_follow_up(follow_up) if follow_up else FormState()
    if follow_up and follow_up.status != FollowUpStatus.due.value:
        flash(request, "That follow-up is already closed; this meeting will not change it.", "info")
    return render_meeting_form(request, session, state, meeting=None)


@router.post("/meetings/new")
async def create_meeting(request: Request, session: SessionDep, _user: EditorUser) -> Response:
    state, added = await _submitted(request)
    if added:
        return render_meeting_form(request, session, state, meeting=None, added=added)
    follow_up = _follow_up(session, state.get("from_follow_up"))
    return _save(request, session, state, None, follow_up)


@router.get("/meetings/{meeting_id}/edit", name="meeting_edit")
def edit_meeting(
    request: Request, session: SessionDep, _user: EditorUser, meeting_id: int
) -> Response:
    meeting = queries.get_meeting_detail(session, meeting_id)
    return render_meeting_form(request, session, state_from_meeting(meeting), meeting=meeting)


@router.post("/meetings/{meeting_id}/edit")
async def update_meeting(
    request: Request, session: SessionDep, _user: EditorUser, meeting_id: int
) -> Response:
    meeting = queries.get_meeting_detail(session, meeting_id)
    state, added = await _submitted(request)
    if added:
        return render_meeting_form(request, session, state, meeting=meeting, added=added)
    return _save(request, session, state, meeting, None)


add_archive_routes(
    router,
    collection="meetings",
    noun="meeting",
    load=queries.get_meeting_detail,
    detail_route="meeting_detail",
    id_param="meeting_id",
    archiver=archive_loaded,
    restorer=restore_loaded,
)


def _typed(request: Request) -> str:
    """The first non-empty query value: htmx sends the input under its own field name."""
    return next((v for v in request.query_params.values() if v.strip()), "").strip()[:100]


def _options(names: list[str]) -> HTMLResponse:
    from markupsafe import escape

    return HTMLResponse("".join(f'<option value="{escape(n)}"></option>' for n in names))


def _folded(column: Any) -> Any:
    """Lower case with '@' read as 'a', so P@SHA and PASHA are one spelling."""
    return func.replace(func.lower(column), "@", "a")


def _organisations_called(pattern: str) -> Any:
    """Ids of organisations whose name, acronym or an alias contains the pattern."""
    alias_ids = select(OrganisationAlias.organisation_id).where(
        _folded(OrganisationAlias.alias).like(pattern)
    )
    return select(Organisation.id).where(
        Organisation.archived_at.is_(None),
        or_(
            _folded(Organisation.name).like(pattern),
            _folded(Organisation.acronym).like(pattern),
            Organisation.id.in_(alias_ids),
        ),
    )


def _pattern(request: Request) -> str:
    return f"%{_typed(request).lower().replace('@', 'a')}%"


@router.get("/lookup/organisations", name="lookup_organisations")
def lookup_organisations(request: Request, session: SessionDep) -> Response:
    """By name, acronym or alias ("STZA", "P@SHA"); the name is what the field takes."""
    stmt = (
        select(Organisation.name)
        .where(Organisation.id.in_(_organisations_called(_pattern(request))))
        .order_by(func.lower(Organisation.name))
        .limit(LOOKUP_LIMIT)
    )
    return _options(list(session.scalars(stmt)))


@router.get("/lookup/contacts", name="lookup_contacts")
def lookup_contacts(request: Request, session: SessionDep) -> Response:
    """By name, or by their current organisation's name, acronym or alias ("PASHA")."""
    pattern = _pattern(request)
    of_organisation = select(Affiliation.contact_id).where(
        Affiliation.end_date.is_(None),
        Affiliation.organisation_id.in_(_organisations_called(pattern)),
    )
    stmt = (
        select(Contact.full_name)
        .where(
            Contact.archived_at.is_(None),
            or_(func.lower(Contact.full_name).like(pattern), Contact.id.in_(of_organisation)),
        )
        .order_by(func.lower(Contact.full_name))
        .limit(LOOKUP_LIMIT)
    )
    return _options(list(session.scalars(stmt)))
