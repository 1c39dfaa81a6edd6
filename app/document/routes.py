"""Document pages: add files to a record, read about one, download or view it.

Files are served from Engage's own origin, so what they may do there is held tight: the
type is the one read from the content when the file was added; only PDFs and images are
shown in the browser, under a policy that runs nothing; every other file is a download."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel
from starlette.datastructures import UploadFile
from starlette.responses import Response

from app.archive import add_archive_routes
from app.audit.queries import history_of
from app.auth.guard import EditorUser
from app.deps import SessionDep
from app.document import reading
from app.document.models import DocumentKind
from app.document.service import (
    MAX_FILE_BYTES,
    AddDocuments,
    Upload,
    add_documents,
    file_response,
    load_document,
    owner_of,
    owner_of_document,
    owner_record,
)
from app.errors import FormInvalid, NotFound
from app.forms import Blankable, OptionalDate, OptionalShortText, parse_form
from app.ingest.draft import Draft
from app.ingest.reading import Unreadable, checked
from app.ingest.service import build_draft, form_state
from app.meeting.form import FormState
from app.meeting.form_routes import render_meeting_form
from app.threads import build_file
from app.web import env, flash, render

router = APIRouter(tags=["documents"])


class DocumentForm(BaseModel):
    kind: Blankable[DocumentKind] = None
    title: OptionalShortText = None
    date: OptionalDate = None


# The upload form's choices, on every record page that draws it.
env.globals["document_kinds"] = [(kind.value, kind.label) for kind in DocumentKind]
env.globals["document_limits"] = {"file": MAX_FILE_BYTES}


def _form_page(
    request: Request,
    owner: str,
    owner_id: int,
    record: Any,
    values: dict[str, Any],
    errors: dict[str, str],
) -> Response:
    return render(
        request,
        "document/new.html",
        {
            "owner": owner_of(owner),
            "owner_id": owner_id,
            "record": record,
            "values": values,
            "errors": errors,
            "max_file_bytes": MAX_FILE_BYTES,
            "max_upload_bytes": request.app.state.settings.max_upload_bytes,
        },
        status_code=422 if errors else 200,
    )


@router.get("/documents/new", name="document_new")
def new_documents(
    request: Request, session: SessionDep, _user: EditorUser, owner: str, owner_id: int
) -> Response:
    record = owner_record(session, owner_of(owner), owner_id)
    return _form_page(request, owner, owner_id, record, {}, {})


@router.post("/documents/new")
async def add(request: Request, session: SessionDep, _user: EditorUser) -> Response:
    form = await request.form()
    values = {k: str(form.get(k) or "") for k in ("owner", "owner_id", "kind", "title", "date")}
    owner = owner_of(values["owner"])
    if not values["owner_id"].isdigit():
        raise NotFound("There is no such record.")
    owner_id = int(values["owner_id"])
    record = owner_record(session, owner, owner_id)
    uploads = [
        Upload(f.filename or "", await f.read(MAX_FILE_BYTES + 1))
        for f in form.getlist("files")
        if isinstance(f, UploadFile)
    ]

    def work() -> int:
        typed = parse_form(DocumentForm, values)
        kind = typed.kind or DocumentKind.other
        command = AddDocuments(owner.kind, owner_id, uploads, kind, typed.title, typed.date)
        return len(add_documents(session, command))

    try:  # reading a file's words runs in the files' thread, off the event loop
        count = await build_file(request, work)
    except FormInvalid as exc:
        return _form_page(request, owner.kind, owner_id, record, values, exc.errors)
    flash(request, f"{count} document{'s' if count != 1 else ''} added.")
    url = request.url_for(owner.detail_route, **{owner.id_param: owner_id})
    return RedirectResponse(f"{url}#documents", status_code=303)


@router.get("/documents/{document_id}", name="document_detail")
def detail(request: Request, session: SessionDep, document_id: int) -> Response:
    document = load_document(session, document_id)
    owner = owner_of_document(document)
    record = owner_record(session, owner, getattr(document, owner.column))
    return render(
        request,
        "document/detail.html",
        {
            "document": document,
            "owner": owner,
            "record": record,
            "inline": document.file.media_type in reading.INLINE,
            "events": history_of(session, document),
        },
    )


@router.post("/documents/{document_id}/draft", name="document_draft")
async def draft_meeting(
    request: Request, session: SessionDep, _user: EditorUser, document_id: int
) -> Response:
    """The ingest draft, read from the document's words, in the meeting form; the meeting
    saved from it keeps the document (app.meeting.form_routes)."""
    settings = request.app.state.settings

    def work() -> tuple[Draft, FormState] | None:
        document = load_document(session, document_id)
        if not document.file.text:
            return None
        draft = build_draft(session, checked(document.file.text), settings)
        state = form_state(session, draft, source_reference=document.filename)
        state.values["from_document"] = str(document.id)
        return draft, state

    try:
        drafted = await build_file(request, work)
        problem = "This document has no words Engage can read to draft from."
    except Unreadable as exc:
        drafted, problem = None, exc.message
    if drafted is None:
        flash(request, problem, "error")
        url = request.url_for("document_detail", document_id=document_id)
        return RedirectResponse(url, status_code=303)
    draft, state = drafted
    return render_meeting_form(request, session, state, meeting=None, ingest=draft)


@router.get("/documents/{document_id}/file", name="document_file")
def download(session: SessionDep, document_id: int) -> Response:
    return file_response(load_document(session, document_id), inline=False)


@router.get("/documents/{document_id}/view", name="document_view")
def view(session: SessionDep, document_id: int) -> Response:
    return file_response(load_document(session, document_id), inline=True)


add_archive_routes(
    router,
    collection="documents",
    noun="document",
    load=load_document,
    detail_route="document_detail",
    id_param="document_id",
)
