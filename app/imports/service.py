"""What an import will do (the preview) and doing it (on confirmation), row by row.

Matching uses app.matching, so "P@SHA", "PASHA" and "Pakistan Software Houses
Association" are one organisation; importing the same file twice changes nothing."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.config import PROJECT_ROOT
from app.contact.commands import AffiliationCreate, ContactCreate, write_affiliation, write_contact
from app.contact.models import Affiliation, Contact
from app.errors import NotFound
from app.forms import form_errors
from app.imports.reading import ImportRow
from app.matching import ContactMatcher, Match, OrganisationMatcher, normalise, person_key
from app.organisation.commands import OrganisationCreate, OrganisationUpdate, write_organisation
from app.organisation.models import Organisation

Command = TypeVar("Command", bound=BaseModel)

PENDING_DIR = PROJECT_ROOT / "var" / "imports"
UPDATABLE = ("acronym", "kind", "province", "city", "website")


@dataclass
class RowPlan:
    row: ImportRow
    organisation: str = "error"  # create | update | unchanged | error
    organisation_match: Match | None = None
    changes: dict[str, tuple[str, str]] = field(default_factory=dict)
    new_aliases: list[str] = field(default_factory=list)
    contact: str = "none"  # create | unchanged | none
    contact_match: Match | None = None
    affiliation: str = "none"  # create | exists | none
    organisation_command: Any = None
    contact_command: Any = None

    @property
    def errors(self) -> list[str]:
        return self.row.errors

    @property
    def changes_anything(self) -> bool:
        return not self.errors and (
            "create" in (self.organisation, self.contact, self.affiliation)
            or self.organisation == "update"
        )


def _aliases(row: ImportRow) -> list[str]:
    return [a.strip() for a in row.get("aliases").split(";") if a.strip()]


def plan_import(session: Session, rows: list[ImportRow]) -> list[RowPlan]:
    orgs = OrganisationMatcher.from_database(session)
    people = ContactMatcher.from_database(session)
    existing = {
        o.id: o
        for o in session.scalars(select(Organisation).options(selectinload(Organisation.aliases)))
    }
    titles = {
        (a.contact_id, a.organisation_id, a.title) for a in session.scalars(select(Affiliation))
    }
    new_orgs: set[str] = set()
    new_people: set[str] = set()
    plans = []
    for row in rows:
        plan = RowPlan(row)
        plans.append(plan)
        if row.errors:
            continue
        match = orgs.match(row.get("organisation"))
        plan.organisation_match = match
        if match.found and match.id in existing:
            org = existing[match.id]
            plan.changes = {
                name: (getattr(org, name) or "", _value(row, name))
                for name in UPDATABLE
                if _value(row, name) and _value(row, name) != (getattr(org, name) or "")
            }
            known = {normalise(a.alias) for a in org.aliases} | {normalise(org.name)}
            plan.new_aliases = [a for a in _aliases(row) if normalise(a) not in known]
            plan.organisation = "update" if plan.changes or plan.new_aliases else "unchanged"
            _organisation_command(plan, org)
        else:
            key = normalise(row.get("organisation"))
            if not row.kind:
                row.errors.append("kind: give the kind of this new organisation.")
                continue
            plan.organisation = "unchanged" if key in new_orgs else "create"
            new_orgs.add(key)
            _organisation_command(plan, None)
        _plan_contact(plan, row, people, titles, new_people)
        _contact_command(plan)
    return plans


def _value(row: ImportRow, name: str) -> str:
    if name == "kind":
        return row.kind or ""
    if name == "province":
        return row.province or ""
    return row.get(name)


def _plan_contact(
    plan: RowPlan,
    row: ImportRow,
    people: ContactMatcher,
    titles: set[tuple[int, int, str]],
    new_people: set[str],
) -> None:
    if not row.get("full_name"):
        return
    match = people.match(row.get("full_name"))
    plan.contact_match = match
    if match.found:
        plan.contact = "unchanged"
    else:
        key = person_key(row.get("full_name"))
        plan.contact = "unchanged" if key in new_people else "create"
        new_people.add(key)
    if row.get("title"):
        org_id = plan.organisation_match.id if plan.organisation_match else None
        known = match.found and org_id and (match.id, org_id, row.get("title")) in titles
        plan.affiliation = "exists" if known else "create"


# The spreadsheet's column for each command field whose problem a row can show.
COLUMN_OF = {"name": "organisation", "emails": "email", "phones": "phone"}


def _command(plan: RowPlan, model: type[Command], data: dict[str, Any]) -> Command | None:
    """A row's command, checked as the forms and the API check theirs; its problems are
    shown against the row in the preview, and the row is skipped."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for field, message in form_errors(exc).items():
            plan.row.errors.append(f"{COLUMN_OF.get(field, field)}: {message}")
    return None


def _organisation_command(plan: RowPlan, existing: Organisation | None) -> None:
    row = plan.row
    # The preview already decided whether the row names a body on record: a new name
    # is created as typed, even if it resembles another's. Every row naming a new body
    # has its command (the first one carried out creates it).
    if existing is None:
        data: dict[str, Any] = {name: _value(row, name) or None for name in UPDATABLE}
        data |= {"name": row.get("organisation"), "aliases": _aliases(row)}
        data["create_anyway"] = True
        plan.organisation_command = _command(plan, OrganisationCreate, data)
    elif plan.organisation == "update" and existing is not None:
        data = {name: after for name, (_, after) in plan.changes.items()}
        if plan.new_aliases:
            data["aliases"] = [a.alias for a in existing.aliases] + plan.new_aliases
        data["create_anyway"] = True
        plan.organisation_command = _command(plan, OrganisationUpdate, data)


def _contact_command(plan: RowPlan) -> None:
    row = plan.row
    if plan.contact != "none" and not (plan.contact_match and plan.contact_match.found):
        data: dict[str, Any] = {
            "full_name": row.get("full_name"),
            "honorific": row.get("honorific"),
        }
        data |= {"emails": [row.get("email")], "phones": [row.get("phone")]}
        plan.contact_command = _command(plan, ContactCreate, data)


def apply_import(session: Session, plans: list[RowPlan]) -> dict[str, int]:
    """Each row's commands, through the write functions the forms and the API use."""
    counts = {"organisations": 0, "contacts": 0, "affiliations": 0, "updated": 0}
    created_orgs: dict[str, Organisation] = {}
    created_people: dict[str, Contact] = {}
    for plan in plans:
        if plan.errors:
            continue
        row = plan.row
        org = _apply_organisation(session, plan, created_orgs, counts)
        contact = _apply_contact(session, plan, created_people, counts)
        if contact is not None and plan.affiliation == "create":
            command = AffiliationCreate(
                contact_id=contact.id,
                organisation_id=org.id,
                title=row.get("title"),
                start_date=row.since,
            )
            write_affiliation(session, None, command)
            counts["affiliations"] += 1
    return counts


def _apply_organisation(
    session: Session, plan: RowPlan, created: dict[str, Organisation], counts: dict[str, int]
) -> Organisation:
    if plan.organisation_match and plan.organisation_match.found:
        org = session.get_one(Organisation, plan.organisation_match.id)
        if plan.organisation == "update":
            write_organisation(session, org, plan.organisation_command)
            counts["updated"] += 1
        return org
    key = normalise(plan.row.get("organisation"))
    if key not in created:
        created[key] = write_organisation(session, None, plan.organisation_command)
        counts["organisations"] += 1
    return created[key]


def _apply_contact(
    session: Session, plan: RowPlan, created: dict[str, Contact], counts: dict[str, int]
) -> Contact | None:
    if plan.contact == "none":
        return None
    if plan.contact_match and plan.contact_match.found:
        return session.get_one(Contact, plan.contact_match.id)
    key = person_key(plan.row.get("full_name"))
    if key not in created:
        created[key] = write_contact(session, None, plan.contact_command)
        counts["contacts"] += 1
    return created[key]


# ---- pending imports: what was uploaded, kept until confirmed -------------------------


def save_pending(filename: str, rows: list[ImportRow], user_id: int | None) -> str:
    PENDING_DIR.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(16)
    payload = {
        "filename": filename,
        "user_id": user_id,
        "rows": [{"number": r.number, "values": r.values} for r in rows],
    }
    (PENDING_DIR / f"{token}.json").write_text(json.dumps(payload), encoding="utf-8")
    return token


def _pending_path(token: str) -> Path:
    if not token.replace("-", "").replace("_", "").isalnum():
        raise NotFound("There is no import waiting at this address.")
    path = PENDING_DIR / f"{token}.json"
    if not path.is_file():
        raise NotFound(
            "There is no import waiting at this address; it may have been applied "
            "already. Upload the file again to see its preview."
        )
    return path


def load_pending(token: str) -> tuple[str, list[ImportRow]]:
    from app.imports.reading import check_row

    payload = json.loads(_pending_path(token).read_text(encoding="utf-8"))
    rows = []
    for item in payload["rows"]:
        row = ImportRow(item["number"], item["values"])
        check_row(row)
        rows.append(row)
    return payload["filename"], rows


def discard_pending(token: str) -> None:
    _pending_path(token).unlink(missing_ok=True)
