"""The text of a pasted note or an uploaded .txt, .docx or .pdf file."""

from __future__ import annotations

import io
import zipfile

from app.errors import EngageError

MAX_CHARACTERS = 100_000
READABLE = (".txt", ".docx", ".pdf")


class Unreadable(EngageError):
    status_code = 422
    title = "Cannot read this file"


def read_upload(filename: str, data: bytes) -> str:
    name = filename.lower()
    if name.endswith(".txt"):
        text = _decode(data)
    elif name.endswith(".docx"):
        text = _docx(data)
    elif name.endswith(".pdf"):
        text = _pdf(data)
    else:
        raise Unreadable("Upload a .txt, .docx or .pdf file, or paste the text instead.")
    return checked(text)


def checked(text: str) -> str:
    text = text.replace("\x00", "").strip()
    if not text:
        raise Unreadable("There is no text to read: paste a press release or minutes.")
    if len(text) > MAX_CHARACTERS:
        raise Unreadable(
            f"The text is {len(text):,} characters long; Engage reads at most "
            f"{MAX_CHARACTERS:,}. Paste the part about the meeting."
        )
    return text


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Unreadable("The file is not plain text in UTF-8 or Windows-1252.")


def _docx(data: bytes) -> str:
    from docx import Document

    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise Unreadable("This is not a readable Word (.docx) document.") from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" – ".join(cell.text.strip() for cell in row.cells if cell.text.strip()))
    return "\n".join(lines)


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages[:50]]
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise Unreadable("This PDF cannot be read (damaged or encrypted).") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise Unreadable(
            "This PDF holds no text (probably a scan). Paste the text instead, or upload "
            "the original document."
        )
    return text
