"""The text of a pasted note or an uploaded .txt, .docx or .pdf file, in bounded time and
memory.

Every limit is checked before the work it bounds: the upload's size before it is opened,
a Word document's XML size and paragraph count before its text is read, a PDF's page count
before any page is read and pypdf's own decompression and parsing budgets while a page is
read, the characters gathered so far before the next paragraph or page is added. A file
the readers cannot make sense of gets "cannot read this file", never an error page.
"""

from __future__ import annotations

import io
import time
import zipfile

from app.errors import EngageError

MAX_CHARACTERS = 100_000  # the text ingest reads, pasted or extracted
MAX_UPLOAD_BYTES = 5_000_000  # an uploaded file
MAX_PDF_PAGES = 40
MAX_DOCX_XML_BYTES = 5_000_000  # word/document.xml once unzipped
MAX_DOCX_PARAGRAPHS = 5_000  # paragraphs in the body, table cells included
MAX_DOCX_ZIP_MEMBERS = 2_000
# Every part of an Office file once unpacked, as its zip declares: python-docx reads every
# part, and zipfile never unpacks a member past its declared size, so this bounds memory.
MAX_ZIP_UNPACKED_BYTES = 60_000_000
# pypdf's own budgets, far below its defaults (75 MB per stream): a meeting report's page
# holds a few kilobytes of text operators.
PDF_STREAM_BYTES = 2_000_000
PDF_PARSING_WORK = 20_000  # operands and operators in one page's content
PDF_SECONDS = 8.0  # pages are read until this much time has gone, then the file is refused
READABLE = (".txt", ".docx", ".pdf")


class Unreadable(EngageError):
    status_code = 422
    title = "Cannot read this file"

    def __init__(self, message: str, field: str = "file") -> None:
        super().__init__(message)
        self.field = field  # the form field the message belongs beside: "file" or "text"


def read_upload(filename: str, data: bytes) -> str:
    if len(data) > MAX_UPLOAD_BYTES:
        raise Unreadable(
            f"The file is larger than {MAX_UPLOAD_BYTES // 1_000_000} MB; Engage reads "
            "smaller files. Paste the part about the meeting instead."
        )
    name = filename.lower()
    if name.endswith(".txt"):
        text = _decode(data)
    elif name.endswith(".docx"):
        text = docx_text(data)
    elif name.endswith(".pdf"):
        text = pdf_text(data)
    else:
        raise Unreadable("Upload a .txt, .docx or .pdf file, or paste the text instead.")
    return checked(text, field="file")


def checked(text: str, field: str = "text") -> str:
    text = text.replace("\x00", "").strip()
    if not text:
        raise Unreadable("There is no text to read: paste a press release or minutes.", field)
    if len(text) > MAX_CHARACTERS:
        raise Unreadable(
            f"The text is {len(text):,} characters long; Engage reads at most "
            f"{MAX_CHARACTERS:,}. Paste the part about the meeting.",
            field,
        )
    return text


def _too_long() -> Unreadable:
    return Unreadable(
        f"The file holds more than {MAX_CHARACTERS:,} characters of text; Engage reads at "
        "most that. Paste the part about the meeting instead."
    )


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Unreadable("The file is not plain text in UTF-8 or Windows-1252.")


def check_zip(archive: zipfile.ZipFile, what: str) -> None:
    """Refuse an Office file (a zip) with too many parts, or parts that would unpack to
    more than the limit: a zip bomb is refused before anything is unpacked."""
    members = archive.infolist()
    if len(members) > MAX_DOCX_ZIP_MEMBERS:
        raise Unreadable(f"Cannot read this file: it is not a readable {what}.")
    if sum(m.file_size for m in members) > MAX_ZIP_UNPACKED_BYTES:
        raise Unreadable(
            f"The {what} would unpack to more than {MAX_ZIP_UNPACKED_BYTES // 1_000_000} MB; "
            "Engage does not unpack it."
        )


def _docx_xml_size(data: bytes) -> None:
    """Refuse a Word file whose document would unzip to more than the limit, reading (not
    trusting the size the zip declares) at most one byte past it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_zip(archive, "Word document")
            with archive.open("word/document.xml") as member:
                unzipped = member.read(MAX_DOCX_XML_BYTES + 1)
    except Unreadable:
        raise
    except Exception as exc:  # a damaged zip raises many kinds of error
        raise Unreadable(
            "Cannot read this file: it is not a readable Word (.docx) document."
        ) from exc
    if len(unzipped) > MAX_DOCX_XML_BYTES:
        raise Unreadable(
            f"The Word document is larger than {MAX_DOCX_XML_BYTES // 1_000_000} MB once "
            "unpacked; Engage reads smaller documents. Paste the part about the meeting."
        )


def docx_text(data: bytes, *, partial: bool = False) -> str:
    """The text of a Word file. `partial`: the first MAX_CHARACTERS of a longer one instead
    of refusing it (a document kept for search, not a text to draft from)."""
    try:
        return _docx(data)
    except _TooLong as exc:
        if partial:
            return exc.text_so_far
        raise _too_long() from None


def pdf_text(data: bytes, *, partial: bool = False) -> str:
    """The text of a PDF. `partial`: the first pages and characters of a longer one."""
    try:
        text = _pdf(data, pages_at_most=MAX_PDF_PAGES if partial else None)
    except _TooLong as exc:
        if partial:
            return exc.text_so_far
        raise _too_long() from None
    if not text.strip() and not partial:
        raise Unreadable(
            "This PDF holds no text (probably a scan). Paste the text instead, or upload "
            "the original document."
        )
    return text


class _TooLong(Exception):
    def __init__(self, text_so_far: str) -> None:
        self.text_so_far = text_so_far


def _docx(data: bytes) -> str:
    from docx import Document
    from docx.oxml.ns import qn

    _docx_xml_size(data)
    try:
        document = Document(io.BytesIO(data))
        body = document.element.body
        count = sum(1 for _ in body.iter(qn("w:p")))
    except Exception as exc:  # python-docx and lxml raise many kinds of error
        raise Unreadable(
            "Cannot read this file: it is not a readable Word (.docx) document."
        ) from exc
    if count > MAX_DOCX_PARAGRAPHS:
        raise Unreadable(
            f"The Word document has {count:,} paragraphs; Engage reads at most "
            f"{MAX_DOCX_PARAGRAPHS:,}. Paste the part about the meeting instead."
        )
    lines: list[str] = []
    size = 0
    try:
        for paragraph in document.paragraphs:
            lines.append(paragraph.text)
            size += len(lines[-1]) + 1
            if size > MAX_CHARACTERS:
                raise _TooLong("\n".join(lines)[:MAX_CHARACTERS])
        for table in document.tables:
            for row in table.rows:
                cells = [cell.text.strip() for cell in row.cells]
                lines.append(" – ".join(c for c in cells if c))
                size += len(lines[-1]) + 1
                if size > MAX_CHARACTERS:
                    raise _TooLong("\n".join(lines)[:MAX_CHARACTERS])
    except (Unreadable, _TooLong):
        raise
    except Exception as exc:
        raise Unreadable(
            "Cannot read this file: it is not a readable Word (.docx) document."
        ) from exc
    return "\n".join(lines)


def _pdf(data: bytes, pages_at_most: int | None = None) -> str:
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import FileNotDecryptedError, LimitReachedError

    limits = {
        "maximum_declared_stream_length": PDF_STREAM_BYTES,
        "array_based_stream_maximum_output_length": PDF_STREAM_BYTES,
        "zlib_maximum_output_length": PDF_STREAM_BYTES,
        "lzw_maximum_output_length": PDF_STREAM_BYTES,
        "run_length_maximum_output_length": PDF_STREAM_BYTES,
        "brotli_maximum_output_length": PDF_STREAM_BYTES,
        "jbig2_maximum_output_length": PDF_STREAM_BYTES,
        "image_maximum_buffer_size": PDF_STREAM_BYTES,
        "stream_decoding_work_maximum_length": 4 * PDF_STREAM_BYTES,
        "stream_parsing_work_maximum_count": PDF_PARSING_WORK,
        "array_maximum_element_count": 20_000,
        "dictionary_maximum_element_count": 20_000,
        "page_tree_maximum_entries": 10 * MAX_PDF_PAGES,
        "page_tree_maximum_page_entries": 100 * MAX_PDF_PAGES,
        "page_tree_maximum_depth": 20,
        "xform_maximum_invocations_per_extraction": 200,
        "outline_maximum_entries": 5_000,
    }
    cannot = "Cannot read this file: the PDF is damaged or not a PDF."
    pages: list[str] = []
    size = 0
    try:
        with apply_configuration(None, **limits):
            reader = PdfReader(io.BytesIO(data), root_object_recovery_limit=2_000)
            if reader.is_encrypted:
                raise Unreadable("Cannot read this file: the PDF is protected by a password.")
            try:
                count = len(reader.pages)
            except LimitReachedError:
                count = MAX_PDF_PAGES + 1
            if count > MAX_PDF_PAGES and pages_at_most is None:
                raise Unreadable(
                    f"The PDF has more than {MAX_PDF_PAGES} pages; Engage reads at most "
                    f"{MAX_PDF_PAGES}. Upload the pages about the meeting, or paste them."
                )
            started = time.monotonic()
            for index in range(min(count, pages_at_most or MAX_PDF_PAGES)):
                page = reader.pages[index]
                if time.monotonic() - started > PDF_SECONDS:
                    raise Unreadable(
                        "This PDF takes too long to read (its pages hold more drawing than "
                        "text). Paste the text instead."
                    )
                pages.append(page.extract_text() or "")
                size += len(pages[-1]) + 1
                if size > MAX_CHARACTERS:
                    raise _TooLong("\n".join(pages)[:MAX_CHARACTERS])
    except (Unreadable, _TooLong):
        raise
    except LimitReachedError as exc:
        raise Unreadable(
            "This PDF is too large or complex to read here (a page holds more than Engage "
            "reads). Paste the text instead."
        ) from exc
    except FileNotDecryptedError as exc:
        raise Unreadable("Cannot read this file: the PDF is protected by a password.") from exc
    except Exception as exc:  # pypdf raises many kinds of error on a damaged file
        raise Unreadable(cannot) from exc
    return "\n".join(pages)
