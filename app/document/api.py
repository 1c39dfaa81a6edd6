"""Documents in the JSON API: list, read, correct (title, kind, date), archive and restore
through the shared resource mechanism; upload (multipart) and download by routes of their
own. Uploads go through the same service as the pages' form."""

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, Response, UploadFile
from pydantic import Field
from sqlalchemy import Select
from sqlalchemy.orm import Session, joinedload

from app.api.resource import (
    API_PREFIX,
    PROBLEMS,
    ListQuery,
    ReadSchema,
    RecordId,
    Ref,
    Resource,
    WriteSchema,
    assign,
)
from app.auth.guard import CurrentUser, EditorUser
from app.deps import SessionDep
from app.document.models import Document, DocumentKind
from app.document.service import (
    MAX_FILE_BYTES,
    OWNERS,
    AddDocuments,
    Upload,
    add_documents,
    file_response,
    load_document,
)
from app.errors import FormInvalid
from app.threads import build_file

Title = Annotated[str, Field(min_length=1, max_length=300)]


class DocumentRead(ReadSchema):
    kind: DocumentKind
    title: str
    document_date: dt.date | None
    filename: str
    meeting_id: int | None
    organisation_id: int | None
    contact_id: int | None
    pledge_id: int | None
    media_type: str
    size: int = Field(description="Bytes.")
    text_state: str = Field(
        description="read: its words are searchable; none, unreadable, not_text: they are not."
    )


class DocumentUpdate(WriteSchema):
    kind: DocumentKind | None = None
    title: Title | None = None
    document_date: dt.date | None = None


class DocumentQuery(ListQuery):
    meeting_id: Ref | None = None
    organisation_id: Ref | None = None
    contact_id: Ref | None = None
    pledge_id: Ref | None = None
    kind: DocumentKind | None = None


def _filter(stmt: Select[Any], query: DocumentQuery) -> Select[Any]:
    for owner in OWNERS.values():
        value = getattr(query, owner.column)
        if value is not None:
            stmt = stmt.where(getattr(Document, owner.column) == value)
    if query.kind:
        stmt = stmt.where(Document.kind == query.kind.value)
    return stmt


def write_document(session: Session, document: Document | None, data: Any) -> Document:
    if document is None:  # created by upload only
        raise FormInvalid({"files": "Upload documents with multipart/form-data."})
    assign(document, data)
    session.flush()
    return document


document_resource = Resource(
    name="documents",
    noun="document",
    model=Document,
    read=DocumentRead,
    create=None,
    update=DocumentUpdate,
    query=DocumentQuery,
    sorts={"created_at": Document.created_at, "document_date": Document.document_date},
    default_sort="-created_at",
    filter=_filter,
    write=write_document,
    load_options=(joinedload(Document.file),),
    required=("title", "kind"),
)

upload_router = APIRouter(prefix=f"{API_PREFIX}/documents", tags=["documents"])


@upload_router.post("", response_model=list[DocumentRead], status_code=201, responses=PROBLEMS)
async def upload(
    request: Request,
    session: SessionDep,
    _user: EditorUser,
    owner: Annotated[str, Form(description="meeting, organisation, contact or pledge")],
    owner_id: Annotated[int, Form(ge=1, le=2**31 - 1)],
    files: Annotated[list[UploadFile], File(description="One or more files.")],
    kind: Annotated[DocumentKind, Form()] = DocumentKind.other,
    title: Annotated[str, Form(max_length=300)] = "",
    document_date: Annotated[dt.date | None, Form()] = None,
) -> Any:
    uploads = [Upload(f.filename or "", await f.read(MAX_FILE_BYTES + 1)) for f in files]
    command = AddDocuments(owner, owner_id, uploads, kind, title, document_date)

    def work() -> list[dict[str, Any]]:  # reading the files' words: off the event loop
        added = add_documents(session, command)
        return [DocumentRead.model_validate(d).model_dump(mode="json") for d in added]

    return await build_file(request, work)


@upload_router.get("/{record_id}/file", responses=PROBLEMS, name="api_document_file")
def download(record_id: RecordId, session: SessionDep, _user: CurrentUser) -> Response:
    return file_response(load_document(session, record_id), inline=False)
