"""The pledge register, action items and follow-ups."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import or_, select
from sqlalchemy.orm import Session
from starlette.responses import Response

from app.audit.queries import history_of
from app.auth.guard import CurrentUser, EditorUser
from app.commitment import registers, service
from app.commitment.lines import action_lines, follow_up_lines, pledge_lines
from app.commitment.models import ActionItem, FollowUp, Pledge, PledgeStatus
from app.commitment.queries import action_stmt, follow_up_stmt, pledge_stmt, with_history
from app.concurrency import EditConflict
from app.deps import SessionDep
from app.document.service import documents_of
from app.errors import FormInvalid, NotFound
from app.filtering import Paging, query_form
from app.listing import paginate
from app.meeting.models import Meeting, Participant
from app.organisation.models import Province
from app.organisation.queries import home_organisation_id
from app.topic.models import Topic
from app.web import flash, render, render_cached_page, today

router = APIRouter(tags=["commitments"])


def _is_htmx(request: Request) -> bool:
    return (
        request.headers.get("hx-request") == "true" and request.headers.get("hx-boosted") != "true"
    )


@router.get("/pledges", name="pledge_list")
def pledge_list(
    request: Request,
    session: SessionDep,
    filters: Annotated[registers.PledgeFilters, Depends(query_form(registers.PledgeFilters))],
    paging: Annotated[Paging, Depends(query_form(Paging))],
) -> Response:
    def make_context() -> dict[str, object]:
        home = home_organisation_id(session, request.app.state.settings.home_organisation)
        stmt, chosen_sort = registers.pledge_register_stmt(filters, today(), home)
        total_of = registers.pledge_total_of(session, filters, today())
        result = paginate(session, stmt, paging.page, 25, total_of, lines=pledge_lines)
        result.query_args = {**filters.query_args(), "sort": chosen_sort}
        return {
            "page": result,
            "filters": filters,
            "parties": registers.pledge_parties(session, [filters.maker, filters.recipient]),
            "statuses": list(PledgeStatus),
            "provinces": list(Province),
            "topics": session.scalars(select(Topic).order_by(Topic.name)).all(),
        }

    return render_cached_page(
        request,
        session,
        "commitment/_pledges.html",
        make_context,
        title="Pledges",
        active_nav="pledges",
    )


def _pledge(session: Session, pledge_id: int) -> Pledge:
    pledge = (
        session.scalars(with_history(pledge_stmt()).where(Pledge.id == pledge_id))
        .unique()
        .one_or_none()
    )
    if pledge is None:
        raise NotFound(f"There is no pledge number {pledge_id}.")
    return pledge


def _evidence_meetings(session: Session, pledge: Pledge) -> list[Meeting]:
    """Later meetings with the maker or the recipient: where fulfilment is usually seen."""
    parties = [pledge.maker_organisation_id, pledge.recipient_organisation_id]
    took_part = select(Participant.meeting_id).where(
        Participant.organisation_id.in_([p for p in parties if p])
    )
    stmt = select(Meeting).where(
        Meeting.id.in_(took_part), Meeting.id != pledge.meeting_id, Meeting.archived_at.is_(None)
    )
    if pledge.meeting.date:
        stmt = stmt.where(or_(Meeting.date >= pledge.meeting.date, Meeting.date.is_(None)))
    return list(session.scalars(stmt.order_by(Meeting.date.desc().nulls_last()).limit(50)))


def _render_pledge(
    request: Request,
    session: Session,
    pledge: Pledge,
    *,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    conflict: EditConflict | None = None,
    status_code: int = 200,
) -> Response:
    meetings = _evidence_meetings(session, pledge)
    return render(
        request,
        "commitment/pledge.html",
        {
            "pledge": pledge,
            "form": form or {},
            "errors": errors or {},
            "conflict": conflict,
            "status_options": [
                (s.value, s.value.replace("_", " ").capitalize()) for s in PledgeStatus
            ],
            "meeting_options": [(m.id, f"{m.date or 'Undated'} · {m.title}") for m in meetings],
            "events": history_of(session, pledge),
            "documents": documents_of(session, "pledge", pledge.id),
            "active_nav": "pledges",
        },
        status_code=status_code,
    )


@router.get("/pledges/{pledge_id}", name="pledge_detail")
def pledge_detail(request: Request, session: SessionDep, pledge_id: int) -> Response:
    return _render_pledge(request, session, _pledge(session, pledge_id))


@router.post("/pledges/{pledge_id}/status", name="pledge_status")
def pledge_status(
    request: Request,
    session: SessionDep,
    _user: EditorUser,
    pledge_id: int,
    status: Annotated[str, Form(max_length=20)] = "",
    note: Annotated[str, Form(max_length=20_000)] = "",
    url: Annotated[str, Form(max_length=5_000)] = "",
    evidence_meeting_id: Annotated[str, Form(max_length=12)] = "",
    version: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    pledge = _pledge(session, pledge_id)
    form = {"status": status, "note": note, "url": url, "evidence_meeting_id": evidence_meeting_id}
    meeting_ids = {m.id for m in _evidence_meetings(session, pledge)}
    evidence = int(evidence_meeting_id) if evidence_meeting_id.isdigit() else None
    try:
        if evidence is not None and evidence not in meeting_ids:
            raise FormInvalid({"evidence_meeting_id": "Choose a meeting from the list."})
        service.change_pledge_status(
            session,
            pledge,
            to_status=status,
            note=note,
            url=url,
            evidence_meeting_id=evidence,
            version=int(version) if version.isdigit() else None,
        )
    except FormInvalid as exc:
        return _render_pledge(
            request, session, pledge, form=form, errors=exc.errors, status_code=422
        )
    except EditConflict as exc:
        return _render_pledge(request, session, pledge, form=form, conflict=exc, status_code=409)
    flash(request, f"Pledge marked {status.replace('_', ' ')}.")
    return RedirectResponse(request.url_for("pledge_detail", pledge_id=pledge_id), status_code=303)


@router.get("/actions", name="action_list")
def action_list(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    form: Annotated[registers.ActionListForm, Depends(query_form(registers.ActionListForm))],
    paging: Annotated[Paging, Depends(query_form(Paging))],
) -> Response:
    filters = registers.ActionFilters(
        user.id if form.who == "mine" else None,
        None if form.status == "any" else form.status,
        form.due,
        form.overdue,
    )

    def make_context() -> dict[str, object]:
        stmt = registers.action_register_stmt(filters, today())
        result = paginate(session, stmt, paging.page, 25, lines=action_lines)
        result.query_args = form.query_args()
        return {
            "page": result,
            "form": form,
            "who": form.who,
            "status": form.status,
            "due": form.due,
        }

    return render_cached_page(
        request,
        session,
        "commitment/_actions.html",
        make_context,
        title="Action items",
        active_nav="actions",
    )


def _action(session: Session, action_id: int) -> ActionItem:
    action = session.scalars(action_stmt().where(ActionItem.id == action_id)).one_or_none()
    if action is None:
        raise NotFound(f"There is no action item number {action_id}.")
    return action


def _back_to_actions(request: Request, action: ActionItem, message: str) -> Response:
    if _is_htmx(request):
        return render(request, "commitment/_action_row.html", {"action": action})
    flash(request, message)
    referer = request.headers.get("referer", "")
    target = (
        referer
        if referer.startswith(str(request.base_url))
        else str(request.url_for("action_list"))
    )
    return RedirectResponse(target, status_code=303)


@router.post("/actions/{action_id}/done", name="action_done")
def action_done(
    request: Request, session: SessionDep, _user: EditorUser, action_id: int
) -> Response:
    action = _action(session, action_id)
    service.complete_action(action)
    session.flush()
    return _back_to_actions(request, action, f"Done: {action.text}")


@router.post("/actions/{action_id}/reopen", name="action_reopen")
def action_reopen(
    request: Request, session: SessionDep, _user: EditorUser, action_id: int
) -> Response:
    action = _action(session, action_id)
    service.reopen_action(action)
    session.flush()
    return _back_to_actions(request, action, f"Reopened: {action.text}")


@router.get("/follow-ups", name="follow_up_list")
def follow_up_list(
    request: Request,
    session: SessionDep,
    form: Annotated[registers.FollowUpListForm, Depends(query_form(registers.FollowUpListForm))],
    paging: Annotated[Paging, Depends(query_form(Paging))],
) -> Response:
    def make_context() -> dict[str, object]:
        stmt = registers.follow_up_register_stmt(form.window, today(), form.due)
        result = paginate(session, stmt, paging.page, 25, lines=follow_up_lines)
        result.query_args = form.query_args()
        return {"page": result, "window": form.window, "due": form.due}

    return render_cached_page(
        request,
        session,
        "commitment/_follow_ups.html",
        make_context,
        title="Follow-ups",
        active_nav="follow-ups",
    )


@router.post("/follow-ups/{follow_up_id}/skip", name="follow_up_skip")
def follow_up_skip(
    request: Request, session: SessionDep, _user: EditorUser, follow_up_id: int
) -> Response:
    item = session.scalars(follow_up_stmt().where(FollowUp.id == follow_up_id)).one_or_none()
    if item is None:
        raise NotFound(f"There is no follow-up number {follow_up_id}.")
    service.skip_follow_up(item)
    flash(request, "Follow-up skipped.")
    return RedirectResponse(request.url_for("follow_up_list"), status_code=303)
