"""One mechanism for every API resource: list, get, create, update, archive, restore.

A domain describes its resource once (schemas, filters, sorts, how to write a record)
in its own `api.py`; `resource_router` turns that into routes with accurate OpenAPI.

Updates are PATCH with If-Match: every read returns the record's version as an ETag,
and an update must name the version it was based on, so no update is ever lost.

(No `from __future__ import annotations` here: FastAPI reads the route signatures built
in `resource_router` at runtime, and they refer to each resource's own schema classes.)
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field, create_model
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.aggregates import kept_page
from app.archive import archive, restore
from app.auth.guard import AdminUser, CurrentUser, require_editor
from app.db import TrackedMixin, utcnow
from app.deps import SessionDep
from app.errors import EngageError, FormInvalid, NotFound
from app.generation import tracked_tables
from app.listing import paginate, parse_sort
from app.web import today

API_PREFIX = "/api/v1"
MAX_ID = 2**31 - 1

RecordId = Annotated[int, Path(ge=1, le=MAX_ID, description="The record's id.")]
Ref = Annotated[int, Field(ge=1, le=MAX_ID)]


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[dict[str, str]] | None = None


PROBLEMS: dict[int | str, dict[str, Any]] = {
    code: {"model": Problem, "content": {"application/problem+json": {}}, "description": text}
    for code, text in {
        401: "No valid API token or session",
        403: "The token's user may not do this",
        404: "No such record",
        409: "Conflicts with existing data",
        412: "The record changed since the version named in If-Match",
        422: "The request is invalid",
        428: "An update must name the version it changes in If-Match",
    }.items()
}


class PreconditionFailed(EngageError):
    status_code = 412
    title = "Changed since you read it"

    def __init__(self, message: str, *, current_etag: str) -> None:
        super().__init__(message)
        # Sent with the problem (app.errors), so the client can read the current version.
        self.headers = {"ETag": current_etag}


class PreconditionRequired(EngageError):
    status_code = 428
    title = "Say which version you are changing"


class ReadSchema(BaseModel):
    """Fields every resource returns."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    version: int
    created_at: datetime
    updated_at: datetime
    archived_at: datetime | None


class WriteSchema(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ListQuery(BaseModel):
    """Paging, sorting and archive visibility; resources add their own filters."""

    model_config = ConfigDict(extra="forbid")

    page: int = Field(1, ge=1, le=100_000)
    per_page: int = Field(25, ge=1, le=100)
    sort: str | None = Field(None, max_length=40, description="A field name; prefix - to reverse.")
    include_archived: bool = False


def etag(record: TrackedMixin) -> str:
    return f'"{record.version}"'


def check_if_match(record: TrackedMixin, if_match: str | None) -> None:
    if not if_match:
        raise PreconditionRequired(
            "Send the record's ETag in an If-Match header, so that a colleague's change "
            "made since you read it is not overwritten."
        )
    sent = [tag.strip().removeprefix("W/") for tag in if_match.split(",")]
    if etag(record) not in sent:
        raise PreconditionFailed(
            f"The record is now at version {record.version}; your update was based on "
            f"{if_match}. Read it again, reapply your change and send the new ETag.",
            current_etag=etag(record),
        )


def check_references(
    session: Session, data: BaseModel, references: Mapping[str, type[Any]]
) -> None:
    """Every `*_id` a client sends must name an existing record: a clear 422, not a 409."""
    errors = {}
    for name, model in references.items():
        value = getattr(data, name, None)
        if (
            name in data.model_fields_set
            and value is not None
            and session.get(model, value) is None
        ):
            errors[name] = f"There is no {model.__name__.lower()} with id {value}."
    if errors:
        raise FormInvalid(errors)


def assign(record: Any, data: BaseModel, *, skip: Sequence[str] = ()) -> None:
    """Copy the fields onto the record, enums as their values: all of them (defaults too)
    for a new record, only those the client sent for an existing one."""
    creating = getattr(record, "id", None) is None
    for name in type(data).model_fields if creating else data.model_fields_set:
        if name in skip:
            continue
        value = getattr(data, name)
        setattr(record, name, getattr(value, "value", value))


@dataclass
class Resource:
    """What a domain says about its API resource."""

    name: str  # the path segment, e.g. "organisations"
    noun: str  # for messages, e.g. "organisation"
    model: type[Any]
    read: type[ReadSchema]
    create: type[WriteSchema] | None  # None: the domain creates records by a route of its own
    update: type[WriteSchema]
    query: type[ListQuery]
    sorts: dict[str, Any]
    default_sort: str
    # (statement, query) -> statement with the resource's own filters applied
    filter: Callable[[Select[Any], Any], Select[Any]]
    # (session, record or None, data) -> record; validates and writes, then flushes
    write: Callable[[Session, Any, Any], Any]
    load_options: Sequence[Any] = ()
    # The total of a list of live records from kept figures, for the filters it can
    # answer (None otherwise): app.listing.paginate.
    total_of: Callable[[Session, Any], Callable[[], int] | None] = lambda _session, _query: None
    # fields a record cannot be without: an update may change them, never empty them
    required: Sequence[str] = ()
    writer: Callable[..., Any] = require_editor
    tags: list[str | Enum] = field(default_factory=list)
    # (session, record) -> None; for a domain whose archiving has rules of its own
    archiver: Callable[[Session, Any], Any] = lambda _session, record: archive(record)
    restorer: Callable[[Session, Any], Any] = lambda _session, record: restore(record)

    def load(self, session: Session, record_id: int) -> Any:
        stmt = select(self.model).where(self.model.id == record_id).options(*self.load_options)
        record = session.scalars(stmt).one_or_none()
        if record is None:
            raise NotFound(f"There is no {self.noun} with id {record_id}.")
        return record

    def reload(self, session: Session, record: Any) -> Any:
        """After a write: the record as a reader would now get it."""
        session.flush()
        session.expire(record)
        return self.load(session, record.id)


def page_schema(read: type[BaseModel]) -> type[BaseModel]:
    return create_model(
        f"{read.__name__}Page",
        # A list of the resource's own read shape, built at run time for its OpenAPI page.
        items=(list[read], ...),  # type: ignore[valid-type]
        total=(int, ...),
        page=(int, ...),
        per_page=(int, ...),
        pages=(int, ...),
    )


def _with_etag(response: Response, record: TrackedMixin) -> None:
    response.headers["ETag"] = etag(record)


def resource_router(res: Resource) -> APIRouter:  # noqa: C901  (one closure per route)
    router = APIRouter(prefix=f"{API_PREFIX}/{res.name}", tags=res.tags or [res.name])
    # The resource's own classes, as parameter annotations FastAPI reads at run time to parse
    # and document each request; a static checker cannot follow a class held in a variable,
    # hence the three `type: ignore[valid-type]` below (the bodies use the base classes).
    Read, Create, Update, Query_ = res.read, res.create, res.update, res.query
    Page = page_schema(Read)
    Writer = Annotated[Any, Depends(res.writer)]

    def list_body(session: Session, query: Any) -> str:
        _, order = parse_sort(query.sort, res.sorts, res.default_sort)
        stmt = select(res.model).options(*res.load_options)
        if not query.include_archived:
            stmt = stmt.where(res.model.archived_at.is_(None))
        stmt = res.filter(stmt, query).order_by(*order, res.model.id)
        total_of = None if query.include_archived else res.total_of(session, query)
        found = paginate(session, stmt, query.page, query.per_page, total_of)
        listed = Page(
            items=[Read.model_validate(item) for item in found.items],
            total=found.total,
            page=found.page,
            per_page=found.per_page,
            pages=found.pages,
        )
        return listed.model_dump_json(by_alias=True)

    @router.get("", response_model=Page, responses=PROBLEMS, name=f"api_{res.name}_list")
    def list_records(
        session: SessionDep,
        _user: CurrentUser,
        query: Annotated[Query_, Query()],  # type: ignore[valid-type]
    ) -> Any:
        # Every user may read every record, so a page of a list is the same for all on a
        # day ("overdue" moves with the date): kept until the data changes when every
        # change to the resource moves the data generation (a test checks that whatever
        # its schema shows is tracked), and shared by the server's workers like a page.
        if res.model.__tablename__ not in tracked_tables():
            return Response(list_body(session, query), media_type="application/json")
        asked: ListQuery = query
        key = ("api list", res.name, today(), asked.model_dump_json())
        content = kept_page(session, key, lambda: list_body(session, query))
        return Response(content, media_type="application/json")

    @router.get("/{record_id}", response_model=Read, responses=PROBLEMS, name=f"api_{res.name}_get")
    def get_record(
        record_id: RecordId, session: SessionDep, _user: CurrentUser, response: Response
    ) -> Any:
        record = res.load(session, record_id)
        _with_etag(response, record)
        return record

    if Create is not None:

        @router.post("", response_model=Read, status_code=201, responses=PROBLEMS)
        def create_record(
            data: Create,  # type: ignore[valid-type]
            session: SessionDep,
            _user: Writer,
            response: Response,
        ) -> Any:
            record = res.reload(session, res.write(session, None, data))
            _with_etag(response, record)
            response.headers["Location"] = f"{API_PREFIX}/{res.name}/{record.id}"
            return record

    @router.patch("/{record_id}", response_model=Read, responses=PROBLEMS)
    def update_record(
        record_id: RecordId,
        data: Update,  # type: ignore[valid-type]
        session: SessionDep,
        _user: Writer,
        response: Response,
        if_match: Annotated[str | None, Header(max_length=200)] = None,
    ) -> Any:
        record = res.load(session, record_id)
        check_if_match(record, if_match)
        sent: WriteSchema = data
        emptied = [
            n for n in res.required if n in sent.model_fields_set and getattr(data, n) is None
        ]
        if emptied:
            raise FormInvalid(dict.fromkeys(emptied, "This cannot be emptied."))
        read_version = record.version
        res.write(session, record, data)
        # Always a new version, even when only related rows (participants, topics) changed;
        # one new version, as through a form, when the record's own fields changed too.
        if record.version == read_version:
            record.updated_at = utcnow()
        record = res.reload(session, record)
        _with_etag(response, record)
        return record

    @router.post("/{record_id}/archive", response_model=Read, responses=PROBLEMS)
    def archive_record(
        record_id: RecordId, session: SessionDep, _user: Writer, response: Response
    ) -> Any:
        record = res.load(session, record_id)
        res.archiver(session, record)
        record = res.reload(session, record)
        _with_etag(response, record)
        return record

    @router.post("/{record_id}/restore", response_model=Read, responses=PROBLEMS)
    def restore_record(
        record_id: RecordId, session: SessionDep, _user: AdminUser, response: Response
    ) -> Any:
        record = res.load(session, record_id)
        res.restorer(session, record)
        record = res.reload(session, record)
        _with_etag(response, record)
        return record

    return router
