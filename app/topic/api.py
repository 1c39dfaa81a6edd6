"""Topics in the JSON API. The list is controlled: only administrators change it."""

from typing import Annotated, Any

from pydantic import Field
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from app.api.resource import ListQuery, ReadSchema, Resource, WriteSchema, assign
from app.auth.guard import require_admin
from app.errors import FormInvalid
from app.forms import Name, OptionalLongText
from app.topic.models import Topic

Slug = Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
TopicName = Annotated[Name, Field(max_length=120)]
Keywords = Annotated[list[Annotated[Name, Field(max_length=80)]], Field(max_length=50)]


class TopicRead(ReadSchema):
    slug: str
    name: str
    description: str | None
    keywords: list[str]


class TopicCreate(WriteSchema):
    slug: Slug
    name: TopicName
    description: OptionalLongText = None
    keywords: Keywords = []


class TopicUpdate(WriteSchema):
    slug: Slug | None = None
    name: TopicName | None = None
    description: OptionalLongText = None
    keywords: Keywords = []


class TopicQuery(ListQuery):
    q: Annotated[str | None, Field(max_length=200, description="Part of the name.")] = None


def _filter(stmt: Select[Any], query: TopicQuery) -> Select[Any]:
    if query.q:
        stmt = stmt.where(func.lower(Topic.name).like(f"%{query.q.lower()}%"))
    return stmt


def _write(session: Session, topic: Topic | None, data: Any) -> Topic:
    if topic is None:
        topic = Topic(keywords=[])
        session.add(topic)
    assign(topic, data)
    for column in ("slug", "name"):
        value = getattr(topic, column).lower()
        stmt = select(Topic.id).where(func.lower(getattr(Topic, column)) == value)
        if topic.id is not None:
            stmt = stmt.where(Topic.id != topic.id)
        with session.no_autoflush:
            if session.scalar(stmt.limit(1)) is not None:
                raise FormInvalid({column: f"Another topic already has this {column}."})
    session.flush()
    return topic


topic_resource = Resource(
    name="topics",
    noun="topic",
    model=Topic,
    read=TopicRead,
    create=TopicCreate,
    update=TopicUpdate,
    query=TopicQuery,
    sorts={"name": Topic.name, "slug": Topic.slug, "id": Topic.id},
    default_sort="name",
    filter=_filter,
    write=_write,
    writer=require_admin,
    required=("slug", "name"),
)
