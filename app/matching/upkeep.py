"""Keeping the stored name keys current: after every flush that adds, renames or removes
an organisation, an alias or a person, their keys are written again in the same
transaction. Bulk loads that bypass the ORM (the bench's generator) call `refresh_all`.

The refresh works on table columns only (no models), so the migration that creates the
keys fills them with the same code.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from itertools import chain
from typing import Any

from sqlalchemy import Connection, column, delete, event, inspect, select, table
from sqlalchemy.orm import Session, UOWTransaction

from app.contact.models import Contact
from app.matching.keys import contact_keys, organisation_keys
from app.matching.models import contact_name_key, organisation_name_key
from app.organisation.models import Organisation, OrganisationAlias

_organisation = table("organisation", column("id"), column("name"), column("acronym"))
_alias = table("organisation_alias", column("organisation_id"), column("alias"))
_contact = table("contact", column("id"), column("full_name"))
BATCH = 5000


def _write(connection: Connection, target: Any, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), BATCH):
        connection.execute(target.insert(), rows[start : start + BATCH])


def refresh_organisations(connection: Connection, ids: Collection[int] | None = None) -> None:
    """Write again the keys of these organisations (all of them when ids is None)."""
    orgs = select(_organisation.c.id, _organisation.c.name, _organisation.c.acronym)
    aliases = select(_alias.c.organisation_id, _alias.c.alias)
    forget = delete(organisation_name_key)
    if ids is not None:
        orgs = orgs.where(_organisation.c.id.in_(ids))
        aliases = aliases.where(_alias.c.organisation_id.in_(ids))
        forget = forget.where(organisation_name_key.c.organisation_id.in_(ids))
    alias_names: dict[int, list[str]] = {}
    for org_id, alias in connection.execute(aliases):
        alias_names.setdefault(org_id, []).append(alias)
    rows = [
        {"kind": kind, "key": key, "organisation_id": org_id}
        for org_id, name, acronym in connection.execute(orgs)
        for kind, key in organisation_keys(name, acronym, alias_names.get(org_id, []))
    ]
    connection.execute(forget)
    _write(connection, organisation_name_key, rows)


def refresh_contacts(connection: Connection, ids: Collection[int] | None = None) -> None:
    """Write again the keys of these people (all of them when ids is None)."""
    people = select(_contact.c.id, _contact.c.full_name)
    forget = delete(contact_name_key)
    if ids is not None:
        people = people.where(_contact.c.id.in_(ids))
        forget = forget.where(contact_name_key.c.contact_id.in_(ids))
    rows = [
        {"kind": kind, "key": key, "contact_id": contact_id}
        for contact_id, full_name in connection.execute(people)
        for kind, key in contact_keys(full_name)
    ]
    connection.execute(forget)
    _write(connection, contact_name_key, rows)


def refresh_all(connection: Connection) -> None:
    refresh_organisations(connection)
    refresh_contacts(connection)


def _changed(obj: object, *names: str) -> bool:
    attrs = inspect(obj).attrs
    return any(attrs[name].history.has_changes() for name in names)


def _values(obj: object, name: str) -> Iterable[Any]:
    history = inspect(obj).attrs[name].history
    return (v for v in chain(history.added, history.unchanged, history.deleted) if v)


@event.listens_for(Session, "after_flush")
def _keep_keys_current(session: Session, _ctx: UOWTransaction) -> None:
    # Still the flush's own lists and histories here: new ones have their ids by now.
    org_ids: set[int] = set()
    contact_ids: set[int] = set()
    for obj in chain(session.new, session.dirty, session.deleted):
        whole = obj in session.new or obj in session.deleted
        if isinstance(obj, Organisation):
            if whole or _changed(obj, "name", "acronym", "aliases"):
                org_ids.add(obj.id)
        elif isinstance(obj, OrganisationAlias):
            org_ids.update(_values(obj, "organisation_id"))
        elif isinstance(obj, Contact) and (whole or _changed(obj, "full_name")):
            contact_ids.add(obj.id)
    if org_ids:
        refresh_organisations(session.connection(), org_ids)
    if contact_ids:
        refresh_contacts(session.connection(), contact_ids)
