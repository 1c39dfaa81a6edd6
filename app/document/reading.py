"""What Engage learns from an uploaded file: its type, decided from its content (never its
name), and its words for search, read within the same bounds as ingest (app.ingest.reading)."""

from __future__ import annotations

import html
import io
import re
import zipfile
from dataclasses import dataclass

import filetype

from app.document.models import TextState
from app.ingest.reading import (
    MAX_CHARACTERS,
    Unreadable,
    check_zip,
    docx_text,
    pdf_text,
)

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PLAIN = "text/plain"
UNKNOWN = "application/octet-stream"
IMAGES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})
# Shown in the browser, under a CSP that runs nothing; every other type is downloaded.
INLINE = IMAGES | {PDF}
# Types Engage keeps; anything else is stored as UNKNOWN and only ever downloaded.
KNOWN = INLINE | {DOCX, PPTX, XLSX, PLAIN, "application/zip"}


MAX_SLIDE_XML_BYTES = 2_000_000
_SLIDE = re.compile(r"ppt/slides/slide(\d+)\.xml")
_RUN_TEXT = re.compile(r"<a:t>([^<]*)</a:t>")
_PARAGRAPH_END = re.compile(r"</a:p>")


@dataclass(frozen=True)
class Reading:
    media_type: str
    text: str | None
    state: TextState
    note: str | None = None


def media_type_of(data: bytes) -> str:
    """From the bytes: a file named minutes.pdf that holds HTML is not a PDF."""
    guessed: str | None = filetype.guess_mime(data[:8192])
    if guessed in KNOWN:
        return guessed
    if guessed is None and _is_plain_text(data):
        return PLAIN
    return UNKNOWN


def _is_plain_text(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head or head.lstrip()[:1] == b"<":
        return False  # markup (HTML, SVG, XML) is never called text: it is only downloaded
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start > len(head) - 4  # a character cut at the 8 KB boundary
    return True


def read(data: bytes) -> Reading:
    media_type = media_type_of(data)
    try:
        if media_type == PDF:
            text = pdf_text(data, partial=True)
        elif media_type == DOCX:
            text = docx_text(data, partial=True)
        elif media_type == PPTX:
            text = pptx_text(data)
        elif media_type == PLAIN:
            text = data.decode("utf-8", errors="replace")[:MAX_CHARACTERS]
        else:
            return Reading(media_type, None, TextState.not_text)
    except Unreadable as exc:
        return Reading(media_type, None, TextState.unreadable, str(exc)[:300])
    text = text.replace("\x00", "").strip()
    if not text:
        return Reading(
            media_type, None, TextState.none, "It holds no text to search (a scan or images)."
        )
    return Reading(media_type, text, TextState.read)


def pptx_text(data: bytes) -> str:
    """The words on each slide, in slide order, within the zip and size limits."""
    cannot = "Cannot read this file: it is not a readable PowerPoint (.pptx) presentation."
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_zip(archive, "presentation")
            slides = sorted(
                (int(m.group(1)), name)
                for name in archive.namelist()
                if (m := _SLIDE.fullmatch(name))
            )
            lines: list[str] = []
            size = 0
            for _, name in slides:
                with archive.open(name) as member:
                    xml = member.read(MAX_SLIDE_XML_BYTES).decode("utf-8", errors="replace")
                for paragraph in _PARAGRAPH_END.split(xml):
                    words = "".join(_RUN_TEXT.findall(paragraph)).strip()
                    if words:
                        lines.append(html.unescape(words))
                        size += len(words) + 1
                if size > MAX_CHARACTERS:
                    break
    except Unreadable:
        raise
    except Exception as exc:  # a damaged zip raises many kinds of error
        raise Unreadable(cannot) from exc
    return "\n".join(lines)[:MAX_CHARACTERS]
