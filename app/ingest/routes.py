"""Ingest pages: paste or upload a text, then review the draft in the meeting form."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.datastructures import UploadFile
from starlette.responses import Response

from app.auth.guard import EditorUser
from app.deps import SessionDep
from app.ingest.reading import Unreadable, checked, read_upload
from app.ingest.service import build_draft, form_state
from app.meeting.form_routes import render_meeting_form
from app.web import render

router = APIRouter(tags=["ingest"])


def _page(request: Request, *, text: str = "", reference: str = "", error: str = "") -> Response:
    return render(
        request,
        "ingest/start.html",
        {"text": text, "reference": reference, "error": error, "active_nav": "meetings"},
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
    try:
        if isinstance(upload, UploadFile) and upload.filename:
            text = read_upload(upload.filename, await upload.read())
            reference = reference or upload.filename
        else:
            text = checked(pasted)
    except Unreadable as exc:
        return _page(request, text=pasted, reference=reference, error=exc.message)
    draft = build_draft(session, text, request.app.state.settings)
    state = form_state(session, draft, source_reference=reference)
    return render_meeting_form(request, session, state, meeting=None, ingest=draft)
