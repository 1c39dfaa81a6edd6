"""The rules of documents, once, for the pages and the API: what may be attached to what,
how large, and that the same file is stored once."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload
from starlette.responses import Response

from app.commitment.models import Pledge
from app.contact.models import Contact
from app.document import reading
from app.document.models import Document, DocumentFile, DocumentKind, size_label
from app.errors import FormInvalid, NotFound
from app.meeting.models import Meeting
from app.organisation.models import Organisation

MAX_FILE_BYTES = 10 * 1024 * 1024  # each file; a whole upload is held to settings.max_upload_bytes
MAX_FILES = 20


@dataclass(frozen=True)
class Owner:
    """A kind of record documents are kept with."""

    kind: str  # as in forms and URLs: "meeting"
    model: type[Any]
    column: str  # Document's foreign key
    detail_route: str
    id_param: str
    name_attr: str  # what the record is called on its page

    def name_of(self, record: Any) -> str:
        name = str(getattr(record, self.name_attr))
        return name if len(name) <= 80 else f"{name[:79]}…"


OWNERS = {
    o.kind: o
    for o in (
        Owner("meeting", Meeting, "meeting_id", "meeting_detail", "meeting_id", "title"),
        Owner(
            "organisation",
            Organisation,
            "organisation_id",
            "organisation_detail",
            "organisation_id",
            "name",
        ),
        Owner("contact", Contact, "contact_id", "contact_detail", "contact_id", "full_name"),
        Owner("pledge", Pledge, "pledge_id", "pledge_detail", "pledge_id", "text"),
    )
}


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes


@dataclass(frozen=True)
class AddDocuments:
    owner: str
    owner_id: int
    files: list[Upload]
    kind: DocumentKind = DocumentKind.other
    title: str | None = ""
    document_date: date | None = None


def owner_of(kind: str) -> Owner:
    if kind not in OWNERS:
        raise FormInvalid(
            {"owner": "Documents are kept with a meeting, an organisation, a person or a pledge."}
        )
    return OWNERS[kind]


def owner_of_document(document: Document) -> Owner:
    """The kind of record a document is kept with (exactly one: a constraint says so)."""
    return next(o for o in OWNERS.values() if getattr(document, o.column) is not None)


def owner_record(session: Session, owner: Owner, owner_id: int) -> Any:
    record = session.get(owner.model, owner_id)
    if record is None:
        raise NotFound(f"There is no {owner.kind} number {owner_id}.")
    return record


def add_documents(session: Session, command: AddDocuments) -> list[Document]:
    """Attach each file to the record; refuses the whole upload, naming the file, when one
    file is empty or too large, so nothing is half-saved."""
    owner = owner_of(command.owner)
    record = owner_record(session, owner, command.owner_id)
    if record.archived_at is not None:
        raise FormInvalid({"files": f"This {owner.kind} is archived; restore it first."})
    files = [f for f in command.files if f.filename or f.data]
    if not files:
        raise FormInvalid({"files": "Choose one or more files to add."})
    if len(files) > MAX_FILES:
        raise FormInvalid({"files": f"Add at most {MAX_FILES} files at a time."})
    for upload in files:
        if not upload.data:
            raise FormInvalid({"files": f"“{clean_filename(upload.filename)}” is empty."})
        if len(upload.data) > MAX_FILE_BYTES:
            raise FormInvalid(
                {
                    "files": f"“{clean_filename(upload.filename)}” is "
                    f"{size_label(len(upload.data))}; each file may be at most "
                    f"{size_label(MAX_FILE_BYTES)}."
                }
            )
    title = " ".join((command.title or "").split())[:300]
    added = []
    for upload in files:
        name = clean_filename(upload.filename)
        document = Document(
            file=_stored_file(session, upload.data),
            kind=command.kind.value,
            title=_title(title, name, several=len(files) > 1),
            document_date=command.document_date,
            filename=name,
            **{owner.column: record.id},
        )
        session.add(document)
        added.append(document)
    session.flush()
    return added


def _stored_file(session: Session, data: bytes) -> DocumentFile:
    """The stored file with these bytes, or a new one: the same file attached twice is
    kept once."""
    digest = hashlib.sha256(data).hexdigest()
    found = session.scalars(select(DocumentFile).where(DocumentFile.sha256 == digest)).first()
    if found is not None:
        return found
    read = reading.read(data)
    stored = DocumentFile(
        sha256=digest,
        size=len(data),
        media_type=read.media_type,
        content=data,
        text=read.text,
        text_state=read.state.value,
        text_note=read.note,
    )
    session.add(stored)
    return stored


def clean_filename(raw: str | None) -> str:
    """A name to show and to offer on download: no folders, no control characters."""
    name = re.split(r"[\\/]", raw or "")[-1]
    name = "".join(
        c for c in unicodedata.normalize("NFC", name) if unicodedata.category(c)[0] != "C"
    )
    name = name.strip().strip(".") or "document"
    return name[-255:]


def _title(typed: str, filename: str, *, several: bool) -> str:
    """The typed title; with several files each also names its file; with none typed, the
    file's name without its extension."""
    if not typed:
        return _stem(filename)
    return (f"{typed} – {filename}" if several else typed)[:300]


def _stem(filename: str) -> str:
    stem = filename.rsplit(".", 1)[0] if "." in filename else filename
    return " ".join(stem.replace("_", " ").split())[:300] or filename


# Shown in the browser: nothing in the file may run, load or submit anything.
INLINE_POLICY = (
    "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'self'; "
    "frame-ancestors 'self'"
)


def load_document(session: Session, document_id: int) -> Document:
    document = session.get(
        Document, document_id, options=[joinedload(Document.file), joinedload(Document.created_by)]
    )
    if document is None:
        raise NotFound(f"There is no document number {document_id}.")
    return document


def file_response(document: Document, *, inline: bool) -> Response:
    """The file as stored: shown in the browser only for PDFs and images, under a policy
    that runs nothing; every other file a download, whatever its name says."""
    stored = document.file
    shown = inline and stored.media_type in reading.INLINE
    media_type = stored.media_type if stored.media_type in reading.KNOWN else reading.UNKNOWN
    disposition = "inline" if shown else "attachment"
    ascii_name = document.filename.encode("ascii", "replace").decode().replace('"', "'")
    headers = {
        "Content-Disposition": (
            f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(document.filename)}"
        ),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
    }
    if shown:
        headers["Content-Security-Policy"] = INLINE_POLICY
        headers["X-Frame-Options"] = "SAMEORIGIN"
    else:
        headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return Response(stored.content, media_type=media_type, headers=headers)


def keep_with_meeting(session: Session, document_id: int, meeting: Meeting) -> Document | None:
    """A meeting drafted from a document keeps that document: the same file, kind, title
    and date, attached to the meeting (stored once). Nothing when it is already there or
    the document was archived meanwhile."""
    source = session.get(Document, document_id)
    if source is None or source.archived_at is not None:
        return None
    if source.meeting_id == meeting.id:
        return source
    kept = Document(
        file_id=source.file_id,
        kind=source.kind,
        title=source.title,
        document_date=source.document_date,
        filename=source.filename,
        meeting_id=meeting.id,
    )
    session.add(kept)
    session.flush()
    return kept


def documents_where(session: Session, *conditions: Any, limit: int = 100) -> list[Document]:
    """Documents (not archived) meeting the conditions, with the meeting or organisation
    each is kept with: for the briefing pack and the report."""
    stmt = (
        select(Document)
        .where(Document.archived_at.is_(None), *conditions)
        .options(
            joinedload(Document.file),
            joinedload(Document.meeting),
            joinedload(Document.organisation),
        )
        .order_by(Document.created_at.desc(), Document.id.desc())
        .limit(limit)
    )
    return list(session.scalars(stmt))


def documents_of(session: Session, owner_kind: str, owner_id: int) -> list[Document]:
    """A record's documents, newest first (archived last), with their file's facts (not
    its bytes)."""
    owner = OWNERS[owner_kind]
    stmt = (
        select(Document)
        .where(getattr(Document, owner.column) == owner_id)
        .options(joinedload(Document.file), joinedload(Document.created_by))
        .order_by(Document.archived_at.is_not(None), Document.created_at.desc(), Document.id.desc())
    )
    return list(session.scalars(stmt))
