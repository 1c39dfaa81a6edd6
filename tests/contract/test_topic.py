"""Topics have no form: the API and the seed write them, both through
app.topic.commands. The same bad command is refused alike by both and writes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.errors import FormInvalid
from app.topic.commands import TopicCreate, write_topic
from app.topic.models import Topic
from tests.contract.doors import api_refusal, everything


@pytest.mark.parametrize("column", ["slug", "name"])
def test_a_slug_and_a_name_are_each_one_topics(admin_api, session, column):
    taken = session.scalars(select(Topic).order_by(Topic.id)).first()
    body = {"slug": "a-new-topic", "name": "A new topic", column: getattr(taken, column).upper()}
    if column == "slug":
        body["slug"] = getattr(taken, column)  # a slug is lower case by its pattern
    refusal = {column: f"Another topic already has this {column}."}
    before = everything(session)
    assert api_refusal(admin_api, "POST", "/api/v1/topics", body) == refusal
    assert everything(session) == before
    with pytest.raises(FormInvalid) as seeded:
        write_topic(session, None, TopicCreate(**body))
    assert seeded.value.errors == refusal
    assert everything(session) == before
