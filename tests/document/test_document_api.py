"""Documents through the API: uploaded by multipart through the same service as the page,
listed and read with the file's facts, corrected with If-Match, downloaded, archived; and
each one announced to webhooks that asked for document.added."""

from __future__ import annotations

from sqlalchemy import select

from app.meeting.models import Meeting
from app.webhooks.models import OutboxEvent
from tests.document.files import PNG, pdf_with_text

MOU = pdf_with_text("Memorandum of Understanding on the Karachi technology zone")


def _meeting_id(session) -> int:
    return session.scalars(select(Meeting.id).order_by(Meeting.id)).first()


def _upload(api, session, files, **fields):
    return api.post(
        "/api/v1/documents",
        data={"owner": "meeting", "owner_id": str(_meeting_id(session)), **fields},
        files=[("files", pair) for pair in files],
    )


def test_upload_list_read_correct_download_and_archive(api, session):
    answer = _upload(api, session, [("mou.pdf", MOU), ("photo.png", PNG)], kind="agreement")
    assert answer.status_code == 201, answer.text
    created = answer.json()
    assert [d["title"] for d in created] == ["mou", "photo"]
    assert created[0]["media_type"] == "application/pdf"
    assert created[0]["text_state"] == "read"
    assert created[1]["text_state"] == "not_text"
    assert created[0]["size"] == len(MOU)

    listed = api.get("/api/v1/documents", params={"meeting_id": _meeting_id(session)}).json()
    assert listed["total"] == 2
    one = api.get(f"/api/v1/documents/{created[0]['id']}")
    assert one.json()["kind"] == "agreement"

    stale = api.patch(
        f"/api/v1/documents/{created[0]['id']}",
        json={"title": "Signed MoU"},
        headers={"If-Match": '"0"'},
    )
    assert stale.status_code == 412
    corrected = api.patch(
        f"/api/v1/documents/{created[0]['id']}",
        json={"title": "Signed MoU", "document_date": "2026-11-15"},
        headers={"If-Match": one.headers["ETag"]},
    )
    assert corrected.json()["title"] == "Signed MoU"
    assert corrected.json()["document_date"] == "2026-11-15"

    file = api.get(f"/api/v1/documents/{created[0]['id']}/file")
    assert file.content == MOU
    assert file.headers["content-disposition"].startswith("attachment;")

    archived = api.post(f"/api/v1/documents/{created[1]['id']}/archive")
    assert archived.json()["archived_at"] is not None
    left = api.get("/api/v1/documents", params={"meeting_id": _meeting_id(session)}).json()
    assert [d["title"] for d in left["items"]] == ["Signed MoU"]


def test_a_bad_upload_is_refused_with_the_pages_words(api, session):
    empty = _upload(api, session, [("empty.pdf", b"")])
    assert empty.status_code == 422
    assert "“empty.pdf” is empty." in empty.text
    wrong_owner = api.post(
        "/api/v1/documents",
        data={"owner": "topic", "owner_id": "1"},
        files=[("files", ("a.pdf", MOU))],
    )
    assert wrong_owner.status_code == 422
    assert "Documents are kept with a meeting" in wrong_owner.text


def test_viewers_cannot_upload(viewer_api, session):
    refused = _upload(viewer_api, session, [("mou.pdf", MOU)])
    assert refused.status_code == 403


def test_each_added_document_is_an_outbox_event(api, session):
    _upload(api, session, [("mou.pdf", MOU)])
    session.expire_all()
    event = session.scalars(
        select(OutboxEvent).where(OutboxEvent.event_type == "document.added")
    ).one()
    assert event.entity_type == "document"
    assert "mou" in str(event.payload)
    assert f"/api/v1/documents/{event.entity_id}/file" in str(event.payload)
