"""Reading an uploaded spreadsheet of organisations and contacts into checked rows."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from openpyxl import load_workbook

from app.errors import EngageError
from app.exporting import looks_like_formula
from app.forms import clean_text
from app.organisation.models import OrganisationKind, Province

COLUMNS = (
    "organisation",
    "acronym",
    "aliases",
    "kind",
    "province",
    "city",
    "website",
    "honorific",
    "full_name",
    "email",
    "phone",
    "title",
    "since",
)
REQUIRED = ("organisation",)
LIMITS = {
    "organisation": 300,
    "acronym": 40,
    "aliases": 2000,
    "city": 120,
    "website": 500,
    "honorific": 40,
    "full_name": 200,
    "email": 254,
    "phone": 40,
    "title": 300,
}
MAX_ROWS = 5000
KIND_NAMES = {k.value: k.value for k in OrganisationKind} | {
    k.label.lower(): k.value for k in OrganisationKind
}
PROVINCE_NAMES = {p.value: p.value for p in Province} | {p.label.lower(): p.value for p in Province}


class ImportFileError(EngageError):
    status_code = 422


@dataclass
class ImportRow:
    number: int
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    kind: str | None = None
    province: str | None = None
    since: date | None = None

    def get(self, name: str) -> str:
        return self.values.get(name, "")


def _header(raw: list[object]) -> list[str]:
    names = [str(c or "").strip().lower().replace(" ", "_") for c in raw]
    unknown = [n for n in names if n and n not in COLUMNS]
    missing = [n for n in REQUIRED if n not in names]
    if unknown or missing:
        problems = []
        if missing:
            problems.append(f"missing column(s): {', '.join(missing)}")
        if unknown:
            problems.append(f"unknown column(s): {', '.join(unknown)}")
        raise ImportFileError(
            f"The file's first row must name the columns ({'; '.join(problems)}). "
            f"Expected columns: {', '.join(COLUMNS)}."
        )
    return names


CANNOT_READ = (
    "Engage cannot read this file: it is damaged, or it is not the kind of file its name "
    "says. Open it in a spreadsheet, save it again as .xlsx or .csv, and upload that."
)
# Bounds on what is read, whatever the file declares: cells per row, and how large an
# XLSX (a zip archive) may be once unpacked. A workbook can declare a million rows of
# 16,384 columns in a few kilobytes; only rows that are there are read, one at a time.
MAX_COLUMNS = 40
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_ARCHIVE_MEMBERS = 500


def _xlsx_rows(data: bytes) -> Iterator[tuple[object, ...]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
        if len(members) > MAX_ARCHIVE_MEMBERS or (
            sum(m.file_size for m in members) > MAX_UNPACKED_BYTES
        ):
            raise ImportFileError(
                "This workbook is too large once unpacked. Import at most "
                f"{MAX_ROWS:,} rows at a time, with no other sheets or pictures."
            )
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        try:
            sheet = book.worksheets[0]
            # The declared dimension (say A1:XFD1048576) is ignored: rows as they are.
            sheet.reset_dimensions()
            yield from sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
        finally:
            book.close()
    except ImportFileError:
        raise
    except Exception as exc:  # any damage in any part of the archive or its XML
        raise ImportFileError(CANNOT_READ) from exc


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            "Engage cannot read this file: a CSV file must be saved as UTF-8 text."
        ) from exc
    if "\x00" in text:
        raise ImportFileError("Engage cannot read this file: it holds binary data, not CSV text.")
    try:
        for row in csv.reader(io.StringIO(text)):
            yield row[:MAX_COLUMNS]
    except csv.Error as exc:
        raise ImportFileError(CANNOT_READ) from exc


def _raw_rows(filename: str, data: bytes) -> Iterator[Sequence[object]]:
    """The file's rows, read lazily: a caller that stops early reads no further."""
    if not data.strip():
        raise ImportFileError("The file is empty.")
    if filename.lower().endswith(".xlsx"):
        return _xlsx_rows(data)
    if filename.lower().endswith(".csv"):
        return _csv_rows(data)
    raise ImportFileError("Upload a .csv or .xlsx file.")


def check_row(row: ImportRow) -> None:
    """What the file itself must get right: cells that are text of a bounded size, the
    kind and province by name, dates. The records' own rules (a web address, an e-mail
    address) are the commands', checked when the rows are planned (app.imports.service)."""
    for name, value in row.values.items():
        try:
            clean_text(value)
        except ValueError as exc:
            row.errors.append(f"{name}: {exc}.")
            continue
        if looks_like_formula(value):
            row.errors.append(
                f"{name}: “{value[:40]}” looks like a spreadsheet formula; "
                "remove the leading =, +, - or @."
            )
        if len(value) > LIMITS.get(name, 300):
            row.errors.append(f"{name}: at most {LIMITS.get(name, 300)} characters.")
    if not row.get("organisation"):
        row.errors.append("organisation: this is required.")
    if row.get("kind"):
        row.kind = KIND_NAMES.get(row.get("kind").lower())
        if row.kind is None:
            row.errors.append(f"kind: “{row.get('kind')}” is not a kind of organisation.")
    if row.get("province"):
        row.province = PROVINCE_NAMES.get(row.get("province").lower())
        if row.province is None:
            row.errors.append(f"province: “{row.get('province')}” is not a province or region.")
    if row.get("since"):
        try:
            row.since = date.fromisoformat(row.get("since"))
        except ValueError:
            row.errors.append(f"since: “{row.get('since')}” is not a date (YYYY-MM-DD).")
    if row.get("title") and not row.get("full_name"):
        row.errors.append("title: a title needs the person's full_name.")


def read_rows(filename: str, data: bytes) -> list[ImportRow]:
    raw = iter(_raw_rows(filename, data))
    first = next(raw, None)
    if first is None:
        raise ImportFileError("The file has no rows.")
    names = _header(list(first))
    rows: list[ImportRow] = []
    for number, cells in enumerate(raw, start=2):
        if cells.count(None) == len(cells):
            continue  # a row with nothing in it (cheaply: a sheet may skip a million)
        values = {name: _text(cell) for name, cell in zip(names, cells, strict=False) if name}
        if not any(values.values()):
            continue
        if len(rows) == MAX_ROWS:
            raise ImportFileError(f"Import at most {MAX_ROWS:,} rows at a time.")
        row = ImportRow(number, values)
        check_row(row)
        rows.append(row)
    if not rows:
        raise ImportFileError("The file has a header row but no data.")
    return rows


def _text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, date):
        return cell.isoformat()[:10]
    return str(cell).strip()
