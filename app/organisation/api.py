"""Organisations in the JSON API."""

from typing import Annotated, Any

from pydantic import Field, StringConstraints, field_validator
from sqlalchemy import Select, func, or_
from sqlalchemy.orm import Session, selectinload

from app.account.models import User
from app.api.resource import (
    ListQuery,
    ReadSchema,
    Ref,
    Resource,
    WriteSchema,
    assign,
    check_references,
)
from app.errors import FormInvalid
from app.forms import Blankable, Name, OptionalLongText
from app.organisation.models import (
    Organisation,
    OrganisationAlias,
    OrganisationKind,
    Province,
    Stance,
)
from app.organisation.schemas import web_address
from app.organisation.service import check_duplicates

Acronym = Blankable[Annotated[str, StringConstraints(max_length=40)]]
City = Blankable[Annotated[str, StringConstraints(max_length=120)]]
Website = Blankable[Annotated[str, StringConstraints(max_length=500)]]
Score = Annotated[int | None, Field(ge=1, le=5)]
Aliases = Annotated[list[Name], Field(max_length=50)]


class OrganisationRead(ReadSchema):
    name: str
    acronym: str | None
    aliases: list[str]
    kind: OrganisationKind
    parent_id: int | None
    province: Province | None
    city: str | None
    website: str | None
    description: str | None
    influence: int | None
    interest: int | None
    stance: Stance | None
    owner_id: int | None

    @field_validator("aliases", mode="before")
    @classmethod
    def _alias_names(cls, value: Any) -> Any:
        return [getattr(a, "alias", a) for a in value]


class _OrganisationFields(WriteSchema):
    acronym: Acronym = None
    aliases: Aliases = []
    parent_id: Ref | None = None
    province: Province | None = None
    city: City = None
    website: Website = None
    description: OptionalLongText = None
    influence: Score = None
    interest: Score = None
    stance: Stance | None = None
    owner_id: Ref | None = None

    _website = field_validator("website")(lambda cls, v: web_address(v))


class OrganisationCreate(_OrganisationFields):
    name: Name
    kind: OrganisationKind
    create_anyway: bool = Field(
        False, description="Save even though the name looks like an existing organisation's."
    )


class OrganisationUpdate(_OrganisationFields):
    name: Name | None = None
    kind: OrganisationKind | None = None
    create_anyway: bool = False


class OrganisationQuery(ListQuery):
    q: Annotated[str | None, Field(max_length=200, description="Part of the name or acronym.")] = (
        None
    )
    kind: OrganisationKind | None = None
    province: Province | None = None
    owner_id: Ref | None = None
    parent_id: Ref | None = None


def _filter(stmt: Select[Any], query: OrganisationQuery) -> Select[Any]:
    if query.q:
        like = f"%{query.q.lower()}%"
        stmt = stmt.where(
            or_(
                func.lower(Organisation.name).like(like),
                func.lower(Organisation.acronym).like(like),
            )
        )
    for name in ("kind", "province", "owner_id", "parent_id"):
        value = getattr(query, name)
        if value is not None:
            stmt = stmt.where(getattr(Organisation, name) == getattr(value, "value", value))
    return stmt


def _write(session: Session, org: Organisation | None, data: Any) -> Organisation:
    check_references(session, data, {"parent_id": Organisation, "owner_id": User})
    if org is None:
        org = Organisation(aliases=[])
        session.add(org)
    if data.parent_id is not None and data.parent_id == org.id:
        raise FormInvalid({"parent_id": "An organisation cannot be its own parent."})
    new_aliases = list(dict.fromkeys(data.aliases))
    if {"name", "aliases"} & data.model_fields_set:
        with session.no_autoflush:
            check_duplicates(
                session,
                data.name or org.name,
                new_aliases if "aliases" in data.model_fields_set else [],
                org if org.id is not None else None,
                create_anyway=data.create_anyway,
            )
    assign(org, data, skip=("aliases", "create_anyway"))
    if "aliases" in data.model_fields_set:
        existing = {a.alias: a for a in org.aliases}
        org.aliases = [existing.get(a) or OrganisationAlias(alias=a) for a in new_aliases]
    session.flush()
    return org


organisation_resource = Resource(
    name="organisations",
    noun="organisation",
    model=Organisation,
    read=OrganisationRead,
    create=OrganisationCreate,
    update=OrganisationUpdate,
    query=OrganisationQuery,
    sorts={"name": Organisation.name, "updated_at": Organisation.updated_at, "id": Organisation.id},
    default_sort="name",
    filter=_filter,
    write=_write,
    load_options=(selectinload(Organisation.aliases),),
    required=("name", "kind"),
)
