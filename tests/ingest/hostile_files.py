"""Small hostile files for the ingest reading tests: PDFs built by hand, Word documents with
too much in them."""

from __future__ import annotations

import io
import zipfile
import zlib

from docx import Document


def pdf(content: bytes, pages: int = 1) -> bytes:
    """A PDF of `pages` pages sharing one Flate-compressed content stream."""
    kids = " ".join(f"{5 + i} 0 R" for i in range(pages)).encode()
    stream = zlib.compress(content, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for _ in range(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
            b"/Resources << /Font << /F1 4 0 R >> >> >>"
        )
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def text_pdf(line: str, pages: int = 1) -> bytes:
    return pdf(b"BT /F1 12 Tf 72 720 Td (" + line.encode() + b") Tj ET\n", pages)


def docx(paragraphs: list[str]) -> bytes:
    document = Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_with_xml(xml: bytes) -> bytes:
    """A Word file whose word/document.xml is `xml` (the rest copied from a real one)."""
    source = zipfile.ZipFile(io.BytesIO(docx(["x"])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = xml if item.filename == "word/document.xml" else source.read(item)
            target.writestr(item.filename, data)
    return buffer.getvalue()
