"""Organisations in the JSON API."""

from typing import Annotated, Any

from pydantic import Field, field_validator
from sqlalchemy import Select, func, or_
from sqlalchemy.orm import selectinload

from app.api.resource import ListQuery, ReadSchema, Ref, Resource
from app.organisation.commands import OrganisationCreate, OrganisationUpdate, write_organisation
from app.organisation.models import Organisation, OrganisationKind, Province, Stance


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
    write=write_organisation,
    load_options=(selectinload(Organisation.aliases),),
    required=("name", "kind"),
)
