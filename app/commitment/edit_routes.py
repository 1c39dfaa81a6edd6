"""Correcting a pledge, an action item or a follow-up after it was saved.

The forms are adapters: they read what was typed, turn the names of organisations and
people into records (exact name, acronym or alias; a close spelling is asked about),
and hand the domain's command to the one write function that the API uses too
(app.commitment.commands). The version the form was drawn from guards against
overwriting a colleague's change, as on every edit form."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field, ValidationError
from sqlalchemy.orm import Session
from starlette.responses import Response

from app.account.queries import active_users
from app.auth.guard import EditorUser
from app.commitment.commands import (
    ActionItemUpdate,
    FollowUpUpdate,
    PledgeUpdate,
    write_action,
    write_follow_up,
    write_pledge,
)
from app.commitment.models import ActionItem, Channel, FollowUp, Pledge, PledgeKind, Priority
from app.commitment.queries import action_stmt, follow_up_stmt, pledge_stmt
from app.commitment.recipients import ALL_STAKEHOLDERS, means_all_stakeholders
from app.concurrency import EditConflict, ensure_current
from app.deps import SessionDep
from app.errors import FormInvalid, NotFound
from app.forms import (
    LongText,
    Name,
    OptionalDate,
    OptionalInt,
    OptionalShortText,
    TypedDate,
    form_errors,
    form_fields,
    parse_form,
)
from app.matching import ContactMatcher, Match, MatchKind, OrganisationMatcher
from app.web import flash, render

router = APIRouter(tags=["commitments"])

Required = LongText


class PledgeForm(BaseModel):
    maker: Name
    maker_contact: OptionalShortText = None
    recipient: OptionalShortText = None
    text: Required = Field(min_length=1, max_length=5000)
    kind: PledgeKind = PledgeKind.support
    due_date: OptionalDate = None


class ActionForm(BaseModel):
    text: Required = Field(min_length=1, max_length=5000)
    organisation: OptionalShortText = None
    owner_id: OptionalInt = None
    due_date: OptionalDate = None
    priority: Priority = Priority.normal


class FollowUpForm(BaseModel):
    organisation: OptionalShortText = None
    contact: OptionalShortText = None
    due_date: TypedDate
    channel: Channel = Channel.meeting
    purpose: Required = Field(min_length=1, max_length=5000)


class _Names:
    """Typed names to records, collecting a message per field that cannot be resolved."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.errors: dict[str, str] = {}
        self._orgs: OrganisationMatcher | None = None
        self._people: ContactMatcher | None = None

    def organisation(self, field: str, typed: str | None) -> int | None:
        if typed:
            self._orgs = self._orgs or OrganisationMatcher.from_database(self.session)
            return self._resolve(field, self._orgs.match(typed), "no organisation", "its")
        return None

    def contact(self, field: str, typed: str | None) -> int | None:
        if typed:
            self._people = self._people or ContactMatcher.from_database(self.session)
            return self._resolve(field, self._people.match(typed), "no person", "their")
        return None

    def _resolve(self, field: str, match: Match, none: str, whose: str) -> int | None:
        """A record only for a name on record: a close spelling is asked about."""
        if not match.found:
            self.errors[field] = f"There is {none} of that name; type a name on record."
        elif match.kind is MatchKind.fuzzy:
            self.errors[field] = f"Did you mean “{match.name}”? Type {whose} name to use it."
        else:
            return match.id
        return None


@dataclass(frozen=True)
class Editable:
    """What one kind of commitment needs to be corrected through a form."""

    noun: str
    group: str  # the meeting form's rows of this kind, whose labels its form shares
    form: type[BaseModel]
    load: Callable[[Session, int], Any]
    values: Callable[[Any], dict[str, str]]
    command: Callable[[_Names, Any], BaseModel]
    write: Callable[[Session, Any, Any], Any]
    # Command fields whose problems belong to a form field of another name.
    fields: dict[str, str]
    done: Callable[[Request, Any], str]


def _one(stmt: Any, session: Session, noun: str, record_id: int) -> Any:
    record = session.scalars(stmt).unique().one_or_none()
    if record is None:
        raise NotFound(f"There is no {noun} number {record_id}.")
    return record


def _name(org: Any) -> str:
    return org.name if org is not None else ""


def _all_stakeholders(pledge: Pledge) -> str:
    return ALL_STAKEHOLDERS if pledge.to_all_stakeholders else ""


def _day(value: Any) -> str:
    return value.isoformat() if value else ""


PLEDGE = Editable(
    noun="pledge",
    group="pledges",
    form=PledgeForm,
    load=lambda s, i: _one(pledge_stmt().where(Pledge.id == i), s, "pledge", i),
    values=lambda p: {
        "maker": _name(p.maker_organisation),
        "maker_contact": p.maker_contact.full_name if p.maker_contact else "",
        "recipient": _name(p.recipient_organisation) or _all_stakeholders(p),
        "text": p.text,
        "kind": p.kind,
        "due_date": _day(p.due_date),
    },
    command=lambda names, f: PledgeUpdate(
        maker_organisation_id=names.organisation("maker", f.maker),
        maker_contact_id=names.contact("maker_contact", f.maker_contact),
        recipient_organisation_id=(
            None
            if means_all_stakeholders(f.recipient)
            else names.organisation("recipient", f.recipient)
        ),
        to_all_stakeholders=means_all_stakeholders(f.recipient),
        text=f.text,
        kind=f.kind,
        due_date=f.due_date,
    ),
    write=write_pledge,
    fields={"maker_organisation_id": "maker", "recipient_organisation_id": "recipient"},
    done=lambda request, p: str(request.url_for("pledge_detail", pledge_id=p.id)),
)

ACTION = Editable(
    noun="action item",
    group="actions",
    form=ActionForm,
    load=lambda s, i: _one(action_stmt().where(ActionItem.id == i), s, "action item", i),
    values=lambda a: {
        "text": a.text,
        "organisation": _name(a.organisation),
        "owner_id": str(a.owner_id or ""),
        "due_date": _day(a.due_date),
        "priority": a.priority,
    },
    command=lambda names, f: ActionItemUpdate(
        text=f.text,
        organisation_id=names.organisation("organisation", f.organisation),
        owner_id=f.owner_id,
        due_date=f.due_date,
        priority=f.priority.value,
    ),
    write=write_action,
    fields={"organisation_id": "organisation"},
    done=lambda request, _a: str(request.url_for("action_list")) + "?who=all",
)

FOLLOW_UP = Editable(
    noun="follow-up",
    group="follow_ups",
    form=FollowUpForm,
    load=lambda s, i: _one(follow_up_stmt().where(FollowUp.id == i), s, "follow-up", i),
    values=lambda f: {
        "organisation": _name(f.organisation),
        "contact": f.contact.full_name if f.contact else "",
        "due_date": _day(f.due_date),
        "channel": f.channel,
        "purpose": f.purpose,
    },
    command=lambda names, f: FollowUpUpdate(
        organisation_id=names.organisation("organisation", f.organisation),
        contact_id=names.contact("contact", f.contact),
        due_date=f.due_date,
        channel=f.channel,
        purpose=f.purpose,
    ),
    write=write_follow_up,
    fields={"organisation_id": "organisation", "contact_id": "contact"},
    done=lambda request, _f: str(request.url_for("follow_up_list")),
)


def _render(
    request: Request,
    session: Session,
    kind: Editable,
    record: Any,
    values: dict[str, str],
    *,
    errors: dict[str, str] | None = None,
    conflict: EditConflict | None = None,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "commitment/edit.html",
        {
            "kind": kind,
            "record": record,
            "values": values,
            "errors": errors or {},
            "conflict": conflict,
            "user_options": [(u.id, u.display_name) for u in active_users(session)],
            "pledge_kinds": [(k.value, k.value.capitalize()) for k in PledgeKind],
            "priorities": [(p.value, p.value.capitalize()) for p in Priority],
            "channels": [(c.value, c.value.capitalize()) for c in Channel],
            "active_nav": {"pledge": "pledges", "action item": "actions"}.get(
                kind.noun, "follow-ups"
            ),
        },
        status_code=status_code,
    )


def _save(session: Session, kind: Editable, record: Any, values: dict[str, str]) -> None:
    typed = parse_form(kind.form, values)
    names = _Names(session)
    try:
        command = kind.command(names, typed)
    except ValidationError as exc:
        for field, message in form_errors(exc).items():
            names.errors.setdefault(kind.fields.get(field, field), message)
    if names.errors:
        raise FormInvalid(names.errors)
    version = values.get("version", "")
    ensure_current(session, record, int(version) if version.isdigit() else None)
    with form_fields(kind.fields):
        kind.write(session, record, command)


async def _typed(request: Request) -> dict[str, str]:
    """What the form sent (read on the event loop; the saving runs in a page thread)."""
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str) and k != "csrf_token"}


Typed = Annotated[dict[str, str], Depends(_typed)]


def _edit_page(request: Request, session: Session, kind: Editable, record_id: int) -> Response:
    record = kind.load(session, record_id)
    values = {**kind.values(record), "version": str(record.version)}
    return _render(request, session, kind, record, values)


def _submit(
    request: Request, session: Session, kind: Editable, record_id: int, values: dict[str, str]
) -> Response:
    record = kind.load(session, record_id)
    try:
        _save(session, kind, record, values)
    except FormInvalid as exc:
        return _render(request, session, kind, record, values, errors=exc.errors, status_code=422)
    except EditConflict as exc:
        exc.merge_into(values, kind.values(record))
        return _render(request, session, kind, record, values, conflict=exc, status_code=409)
    flash(request, f"The {kind.noun} was corrected.")
    return RedirectResponse(kind.done(request, record), status_code=303)


def _add_routes(kind: Editable, path: str, name: str) -> None:
    @router.get(f"{path}/{{record_id}}/edit", name=name)
    def edit_page(
        request: Request, session: SessionDep, _user: EditorUser, record_id: int
    ) -> Response:
        return _edit_page(request, session, kind, record_id)

    @router.post(f"{path}/{{record_id}}/edit")
    def save_edit(
        request: Request, session: SessionDep, _user: EditorUser, record_id: int, values: Typed
    ) -> Response:
        return _submit(request, session, kind, record_id, values)


for editable, collection, route_name in (
    (PLEDGE, "/pledges", "pledge_edit"),
    (ACTION, "/actions", "action_edit"),
    (FOLLOW_UP, "/follow-ups", "follow_up_edit"),
):
    _add_routes(editable, collection, route_name)
