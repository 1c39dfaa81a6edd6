"""The commands that write topics, and the one function that holds their rules. The API
and the seed are adapters: they build a command and hand it here. On an existing topic
only the fields a command sets are changed."""

from typing import Annotated, Any

from pydantic import Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.api.resource import WriteSchema, assign
from app.errors import FormInvalid
from app.forms import Name, OptionalLongText
from app.topic.models import Topic

Slug = Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
TopicName = Annotated[Name, Field(max_length=120)]
Keywords = Annotated[list[Annotated[Name, Field(max_length=80)]], Field(max_length=50)]


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


def _taken(session: Session, topic: Topic | None, column: str, value: str) -> bool:
    stmt = select(Topic.id).where(func.lower(getattr(Topic, column)) == value.lower())
    if topic is not None:
        stmt = stmt.where(Topic.id != topic.id)
    with session.no_autoflush:
        return session.scalar(stmt.limit(1)) is not None


def write_topic(session: Session, topic: Topic | None, data: Any) -> Topic:
    errors = {
        column: f"Another topic already has this {column}."
        for column in ("slug", "name")
        if getattr(data, column, None) is not None
        and _taken(session, topic, column, getattr(data, column))
    }
    if errors:
        raise FormInvalid(errors)
    if topic is None:
        topic = Topic(keywords=[])
        session.add(topic)
    assign(topic, data)
    session.flush()
    return topic
