"""Staff paste or upload a text, review the draft beside the filled-in meeting form, and
confirm; nothing is written before they do."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from docx import Document
from sqlalchemy import func, select

from app.config import PROJECT_ROOT
from app.ingest.service import build_draft, form_state
from app.meeting.models import Meeting
from tests.cli import engage
from tests.databases import throwaway_database

SINDH = (PROJECT_ROOT / "seed/sources/stza-sindh-secretariat-working-meeting.txt").read_text()
CALL = (Path(__file__).parent / "corpus" / "03-courtesy-call-ned.txt").read_text()


def _meetings(session) -> int:
    return session.scalar(select(func.count()).select_from(Meeting))


def test_pasted_text_fills_the_meeting_form_and_saves_nothing(client, session):
    before = _meetings(session)
    page = client.post_form("/ingest", {"text": CALL, "source_reference": "NED press note"})
    assert page.status_code == 200
    assert 'id="ingest-review"' in page.text
    assert "Sarosh Hashmat Lodi" in page.text
    assert "Vice Chancellor" in page.text
    assert "NED University of Engineering and Technology" in page.text
    assert "From the text" in page.text
    assert "called on Chairman STZA Amer Hashmi" in page.text
    assert 'value="2024-03-14"' in page.text  # the date stated in the text
    assert 'name="source_text"' in page.text
    assert "NED press note" in page.text
    assert _meetings(session) == before


def test_confirming_the_draft_saves_the_meeting_with_its_source(client, session, app):
    draft = build_draft(session, CALL, app.state.settings)
    state = form_state(session, draft, source_reference="ned.txt")
    data = {**state.values, **{f"{g}_rows": str(n) for g, n in state.counts.items()}}
    saved = client.post_form("/meetings/new", data)
    assert saved.status_code == 303, saved.text[:2000]
    meeting = session.get(Meeting, int(saved.headers["location"].rsplit("/", 1)[1]))
    assert meeting.source_text.startswith("Islamabad, 14 March 2024")
    assert meeting.source_reference == "ned.txt"
    assert meeting.date_confirmed
    detail = client.get(saved.headers["location"]).text
    assert "Sarosh Hashmat Lodi" in detail
    assert "NED University of Engineering and Technology" in detail


def _docx(text: str) -> bytes:
    document = Document()
    for paragraph in text.split("\n\n"):
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf(text: str) -> bytes:
    from weasyprint import HTML

    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
    return HTML(string=f"<html><body>{paragraphs}</body></html>").write_pdf()


def test_docx_and_pdf_uploads_are_read(client):
    for name, data in (("call.docx", _docx(CALL)), ("call.pdf", _pdf(CALL))):
        page = client.post(
            "/ingest",
            data={"csrf_token": client.csrf},
            files={"file": (name, data, "application/octet-stream")},
        )
        assert page.status_code == 200, (name, page.text[:500])
        assert "Sarosh Hashmat Lodi" in page.text, name
        assert f'value="{name}"' in page.text  # the file name becomes the source


def test_unreadable_upload_and_empty_text_get_clear_messages(client):
    bad = client.post(
        "/ingest",
        data={"csrf_token": client.csrf, "text": "typed and kept"},
        files={"file": ("minutes.docx", b"not a zip", "application/octet-stream")},
    )
    assert bad.status_code == 422
    assert "not a readable Word" in bad.text
    assert "typed and kept" in bad.text
    empty = client.post_form("/ingest", {"text": "   "})
    assert empty.status_code == 422
    assert "There is no text" in empty.text
    wrong = client.post(
        "/ingest",
        data={"csrf_token": client.csrf},
        files={"file": ("deck.pptx", b"x", "application/octet-stream")},
    )
    assert wrong.status_code == 422
    assert "Upload a .txt, .docx or .pdf" in wrong.text


def test_viewers_cannot_ingest(viewer_client):
    assert viewer_client.post_form("/ingest", {"text": CALL}).status_code == 403


def test_cli_prints_json_and_saves(tmp_path):
    source = tmp_path / "sindh.txt"
    source.write_text(SINDH, encoding="utf-8")
    with throwaway_database("ingest") as url:
        engage(url, "db", "upgrade")
        result = engage(url, "ingest", str(source), "--save")
        draft = json.loads(result.stdout)
        people = {p["name"]: (p["title"], p["organisation"]) for p in draft["people"]}
        assert people["Sohail Rajput"] == ("Chief Secretary of Sindh", "Sindh Secretariat")
        assert [p["maker"] for p in draft["pledges"]][0] == "Sindh Secretariat"
        assert "Saved meeting" in result.stderr
        again = json.loads(engage(url, "ingest", str(source)).stdout)
        # once saved, the same text matches what was created
        assert all(o["match"]["kind"] != "new" for o in again["organisations"])
        assert all(p["match"]["kind"] != "new" for p in again["people"])


def test_a_deadline_in_a_pledge_fills_its_due_date_on_the_form(client):
    text = (
        "ISLAMABAD, 14 March 2024: Chairman STZA Amer Hashmi received a delegation of the "
        "Punjab Information Technology Board (PITB) led by its Chairman Faisal Yousaf. "
        "PITB committed to send a draft MoU to STZA within two weeks."
    )
    page = client.post_form("/ingest", {"text": text})
    assert "Committed to send a draft MoU to STZA within two weeks" in page.text
    due = re.search(r'<input[^>]*name="pledges-0-due_date"[^>]*>', page.text)
    assert due is not None
    assert 'value="2024-03-28"' in due.group(0)
