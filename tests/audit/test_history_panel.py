"""The history panel on a record page reads as people speak (issue 15): names instead of
ids, labels instead of codes, local times, "Created by" / "Updated by"."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.account.models import User
from app.meeting.models import Meeting
from app.topic.models import Topic


def test_meeting_history_names_topics_labels_codes_and_says_who(client, session):
    meeting = Meeting(
        title="History call", kind="call", date=date(2026, 3, 4), status="held", topics=[]
    )
    session.add(meeting)
    session.flush()
    topics = {t.name: t for t in session.scalars(select(Topic))}
    editor = session.scalars(select(User).where(User.email == "editor@example.org")).one()
    session.info["user_id"] = editor.id
    meeting.topics = [topics["Freelancing"], topics["IT exports"]]
    meeting.status = "cancelled"
    meeting.province = "khyber_pakhtunkhwa"
    session.flush()

    page = client.get(f"/meetings/{meeting.id}").text
    history = page.split('id="history-h"')[1]
    assert "Status changed</strong> by Test Editor" in history
    assert "Created</strong> by" in history
    assert "Create</strong>" not in history
    row = history.split("<td>Topics</td>")[1].split("</tr>")[0]
    assert "Freelancing, IT exports" in row
    assert "<td>Status</td>" in history
    assert "Cancelled" in history
    assert "cancelled" not in history.replace("Cancelled", "")
    assert "Khyber Pakhtunkhwa" in history


def test_history_is_read_in_one_query_per_kind_of_record(client, session, count_queries):
    meeting = session.scalars(
        select(Meeting).order_by(Meeting.id).options(selectinload(Meeting.topics))
    ).first()
    topics = list(session.scalars(select(Topic).order_by(Topic.id)))
    for n in range(4):
        meeting.topics = topics[n : n + 2]
        session.flush()
    with count_queries as counted:
        page = client.get(f"/meetings/{meeting.id}").text
    assert topics[3].name in page.split('id="history-h"')[1]
    topic_reads = [q for q in counted.statements if "WHERE topic.id IN" in " ".join(q.split())]
    assert len(topic_reads) == 1, topic_reads
