"""Files out of Engage: CSV, zip and XLSX, streamed or written in constant memory.

Every format goes through `cell`, so a value that a spreadsheet would run as a formula
(=, +, -, @, tab, carriage return at the start) is neutralised in all of them."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import xlsxwriter

from app.config import get_settings

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer  # bytes, bytearray, memoryview: what a stream accepts

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def neutralise(value: str) -> str:
    return f"'{value}" if looks_like_formula(value) else value


def cell(value: Any) -> Any:
    """A value as a spreadsheet should hold it: typed, local time, never a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return value.astimezone(get_settings().zone).replace(tzinfo=None)
    if isinstance(value, date | int | float):
        return value
    return neutralise(str(value))


def _text(value: Any) -> str:
    value = cell(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def csv_chunks(
    headers: Sequence[str], rows: Iterable[Sequence[Any]], *, bom: bool = True, batch: int = 500
) -> Iterator[bytes]:
    """UTF-8 CSV (with a byte-order mark so Excel reads Urdu correctly), in chunks."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if bom:
        buffer.write("\ufeff")
    writer.writerow(headers)
    for n, row in enumerate(rows, 1):
        writer.writerow([_text(v) for v in row])
        if n % batch == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


class _Sink(io.RawIOBase):
    """A write-only stream whose bytes are handed on as they are produced."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.position = 0

    def writable(self) -> bool:
        return True

    def write(self, data: ReadableBuffer, /) -> int:
        chunk = bytes(data)
        self.chunks.append(chunk)
        self.position += len(chunk)
        return len(chunk)

    def tell(self) -> int:
        return self.position

    def take(self) -> bytes:
        data, self.chunks = b"".join(self.chunks), []
        return data


def zip_chunks(files: Iterable[tuple[str, Iterable[bytes]]]) -> Iterator[bytes]:
    """A zip archive written and sent member by member, chunk by chunk."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, chunks in files:
            with archive.open(name, "w", force_zip64=True) as member:
                for chunk in chunks:
                    member.write(chunk)
                    if data := sink.take():
                        yield data
    yield sink.take()


def write_xlsx(
    path: Path, sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]
) -> Path:
    """One sheet per table: bold frozen header, autofilter, dates as dates. XlsxWriter's
    constant-memory mode writes each row as it comes, so memory stays flat however many
    rows there are; every value is written with an explicit type, never as a formula."""
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    top = workbook.add_format({"valign": "top"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    formats = {
        datetime: workbook.add_format({"num_format": "d mmm yyyy hh:mm", "valign": "top"}),
        date: workbook.add_format({"num_format": "d mmm yyyy", "valign": "top"}),
    }
    for title, headers, rows in sheets:
        sheet = workbook.add_worksheet(title[:31])
        sheet.freeze_panes(1, 0)
        widths = [len(name) + 2 for name in headers]
        for column, name in enumerate(headers):
            sheet.write_string(0, column, name, bold)
        last_row = 0
        for last_row, row in enumerate(rows, 1):  # noqa: B007 - the count is used below
            for column, raw in enumerate(row):
                value = cell(raw)
                if isinstance(value, date):  # a datetime is a date too
                    sheet.write_datetime(last_row, column, value, formats[type(value)])
                    widths[column] = max(widths[column], 12 if type(value) is date else 18)
                elif isinstance(value, int | float):
                    sheet.write_number(last_row, column, value, top)
                elif value:
                    longest = max(len(line) for line in value.splitlines() or [""])
                    widths[column] = max(widths[column], min(longest, WRAP_AT) + 2)
                    sheet.write_string(last_row, column, value, wrap if longest > WRAP_AT else top)
        # Columns as wide as what they hold (long texts wrap at WRAP_AT characters).
        for column, width in enumerate(widths):
            sheet.set_column(column, column, width)
        sheet.autofilter(0, 0, last_row, max(0, len(headers) - 1))
    workbook.close()
    return path


# Text longer than this wraps in its cell instead of widening the column.
WRAP_AT = 60
