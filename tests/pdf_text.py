"""PDFs read back as a reader sees them: the text of each page, and each piece of text
with where its line starts and its size (to see whether a chart label has room)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PdfReader

# As the report's chart names its months, one chart a year.
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass
class Fragment:
    """A piece of text as the PDF draws it: where its line starts, at what size."""

    text: str
    x: float
    size: float


@dataclass
class ReadBack:
    pages: list[str]
    fragments: list[Fragment]

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    @property
    def flowing(self) -> str:
        """The text with line breaks as spaces: what a wrapped paragraph says."""
        return " ".join(self.text.split())


def read_pdf(content: bytes) -> ReadBack:
    pages, fragments = [], []
    for page in PdfReader(io.BytesIO(content)).pages:

        def visit(text, _cm, tm, _font, size) -> None:
            if text.strip():
                fragments.append(Fragment(text.strip(), tm[4], size))

        pages.append(page.extract_text(visitor_text=visit))
    return ReadBack(pages, fragments)
