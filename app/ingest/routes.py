"""Ingest pages: paste or upload a text, then review the draft in the meeting form.

Reading a file and drafting from its text run in a thread of the files' limiter (see
app/threads.py), never on the event loop, and every step is bounded (app/ingest/reading.py
for files, the character limit and linear-time patterns for the text), so a hostile upload
or paste can hold one thread for a bounded time and no one else's pages."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.datastructures import UploadFile
from starlette.responses import Response

from app.auth.guard import EditorUser
from app.deps import SessionDep
from app.ingest.draft import Draft
from app.ingest.reading import MAX_UPLOAD_BYTES, Unreadable, checked, read_upload
from app.ingest.service import draft_for_form
from app.meeting.form import FormState
from app.meeting.form_routes import render_meeting_form
from app.threads import build_file
from app.web import render

router = APIRouter(tags=["ingest"])


def _page(
    request: Request, *, text: str = "", reference: str = "", error: str = "", field: str = ""
) -> Response:
    return render(
        request,
        "ingest/start.html",
        {
            "text": text,
            "reference": reference,
            "error": error,
            "errors": {field or "text": error} if error else {},
            "active_nav": "meetings",
        },
        status_code=422 if error else 200,
    )


@router.get("/ingest", name="ingest")
def start(request: Request, _user: EditorUser) -> Response:
    return _page(request)


@router.post("/ingest")
async def propose(request: Request, session: SessionDep, _user: EditorUser) -> Response:
    form = await request.form()
    pasted = str(form.get("text") or "")
    reference = str(form.get("source_reference") or "")[:500]
    upload = form.get("file")
    filename, data = "", b""
    if isinstance(upload, UploadFile) and upload.filename:
        filename = upload.filename
        data = await upload.read(MAX_UPLOAD_BYTES + 1)  # one byte past the limit is enough
        reference = reference or filename
    settings = request.app.state.settings

    def work() -> tuple[Draft, FormState]:
        text = read_upload(filename, data) if filename else checked(pasted)
        return draft_for_form(session, text, settings, source_reference=reference)

    try:
        draft, state = await build_file(request, work)
    except Unreadable as exc:
        return _page(request, text=pasted, reference=reference, error=exc.message, field=exc.field)
    return render_meeting_form(request, session, state, meeting=None, ingest=draft)
