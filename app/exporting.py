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
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from app.config import get_settings

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

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.chunks.append(bytes(data))
        self.position += len(data)
        return len(data)

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
    """One sheet per table: bold frozen header, autofilter, dates as dates. Write-only mode
    keeps memory flat however many rows there are."""
    workbook = Workbook(write_only=True)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        header_cells = []
        for name in headers:
            header = WriteOnlyCell(sheet, value=name)
            header.font = bold
            header_cells.append(header)
        sheet.append(header_cells)
        count = 0
        for row in rows:
            sheet.append([_xlsx_cell(sheet, v) for v in row])
            count += 1
        last = get_column_letter(max(1, len(headers)))
        sheet.auto_filter.ref = f"A1:{last}{count + 1}"
        for index, name in enumerate(headers, 1):
            sheet.column_dimensions[get_column_letter(index)].width = max(
                12, min(50, len(name) + 6)
            )
    workbook.save(path)
    return path


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    value = cell(value)
    if isinstance(value, datetime):
        item = WriteOnlyCell(sheet, value=value)
        item.number_format = "yyyy-mm-dd hh:mm"
        return item
    if isinstance(value, date):
        item = WriteOnlyCell(sheet, value=value)
        item.number_format = "yyyy-mm-dd"
        return item
    return value
