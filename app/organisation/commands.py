"""The commands that write organisations, and the one function that holds their rules.
The edit form, the API, `engage import` and the seed are adapters: they build a command
(typed names already turned into ids) and hand it here. On an existing record only the
fields a command sets are changed."""

from collections.abc import Sequence
from typing import Annotated, Any

from pydantic import AfterValidator, Field, StringConstraints
from sqlalchemy import inspect
from sqlalchemy.orm import Session

from app.account.models import User
from app.api.resource import Ref, WriteSchema, assign, check_references
from app.errors import FormInvalid
from app.forms import Blankable, Name, OptionalLongText, OptionalScore, clean_text
from app.organisation.models import (
    Organisation,
    OrganisationAlias,
    OrganisationKind,
    Province,
    Stance,
)
from app.organisation.schemas import web_address
from app.organisation.service import check_duplicates

MAX_ALIASES = 50


def _aliases(value: list[str]) -> list[str]:
    """Blank entries dropped and repeats removed, whichever door the list came in by."""
    names = [name for name in (clean_text(v) for v in value) if name]
    if any(len(name) > 300 for name in names):
        raise ValueError("use at most 300 characters for each alias")
    if len(names) > MAX_ALIASES:
        raise ValueError(f"give at most {MAX_ALIASES} other names")
    return list(dict.fromkeys(names))


Aliases = Annotated[list[str], AfterValidator(_aliases)]
Score = OptionalScore
Acronym = Blankable[Annotated[str, StringConstraints(max_length=40)]]
City = Blankable[Annotated[str, StringConstraints(max_length=120)]]
Website = Annotated[
    Blankable[Annotated[str, StringConstraints(max_length=500)]], AfterValidator(web_address)
]


class _OrganisationFields(WriteSchema):
    acronym: Acronym = None
    aliases: Aliases = []
    parent_id: Ref | None = None
    province: Blankable[Province] = None
    city: City = None
    website: Website = None
    description: OptionalLongText = None
    influence: Score = None
    interest: Score = None
    stance: Blankable[Stance] = None
    owner_id: Ref | None = None
    create_anyway: bool = Field(
        False, description="Save even though the name looks like an existing organisation's."
    )


class OrganisationCreate(_OrganisationFields):
    name: Name
    kind: OrganisationKind


class OrganisationUpdate(_OrganisationFields):
    name: Name | None = None
    kind: OrganisationKind | None = None


def _check_parent(session: Session, org: Organisation, parent_id: int | None) -> None:
    """A body cannot sit under itself, nor under one of the bodies that sit under it."""
    if parent_id is None or org.id is None:
        return
    seen: set[int] = set()
    ancestor: int | None = parent_id
    # Walks up the (shallow) hierarchy one parent at a time; `seen` stops a loop that
    # older data may already hold.
    while ancestor is not None and ancestor not in seen:
        if ancestor == org.id:
            message = (
                "An organisation cannot be its own parent."
                if parent_id == org.id
                else "This organisation is already above it: it cannot be its parent too."
            )
            raise FormInvalid({"parent_id": message})
        seen.add(ancestor)
        above = session.get(Organisation, ancestor)
        ancestor = above.parent_id if above is not None else None


def write_organisation(
    session: Session, org: Organisation | None, data: Any, *, inferred: Sequence[str] = ()
) -> Organisation:
    """`inferred`: for a new record, the fields read from a source text rather than
    confirmed by a person (the seed says which)."""
    check_references(session, data, {"parent_id": Organisation, "owner_id": User})
    sent = data.model_fields_set
    if org is not None and "parent_id" in sent:
        _check_parent(session, org, data.parent_id)
    if {"name", "aliases"} & sent:
        with session.no_autoflush:
            check_duplicates(
                session,
                data.name or (org.name if org else ""),
                data.aliases if "aliases" in sent else [],
                org,
                create_anyway=data.create_anyway,
            )
    if org is None:
        org = Organisation(aliases=[], inferred_fields=list(inferred))
        session.add(org)
    assign(org, data, skip=("aliases", "create_anyway"))
    if "aliases" in sent:
        if "aliases" in inspect(org).unloaded:  # a caller that loaded the body alone
            session.refresh(org, ["aliases"])
        existing = {a.alias: a for a in org.aliases}
        org.aliases = [existing.get(a) or OrganisationAlias(alias=a) for a in data.aliases]
    session.flush()
    return org
