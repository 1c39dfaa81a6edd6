"""Topics in the JSON API. The list is controlled: only administrators change it."""

from typing import Annotated, Any

from pydantic import Field
from sqlalchemy import Select, func

from app.api.resource import ListQuery, ReadSchema, Resource
from app.auth.guard import require_admin
from app.topic.commands import TopicCreate, TopicUpdate, write_topic
from app.topic.models import Topic


class TopicRead(ReadSchema):
    slug: str
    name: str
    description: str | None
    keywords: list[str]


class TopicQuery(ListQuery):
    q: Annotated[str | None, Field(max_length=200, description="Part of the name.")] = None


def _filter(stmt: Select[Any], query: TopicQuery) -> Select[Any]:
    if query.q:
        stmt = stmt.where(func.lower(Topic.name).like(f"%{query.q.lower()}%"))
    return stmt


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
    write=write_topic,
    writer=require_admin,
    required=("slug", "name"),
)
