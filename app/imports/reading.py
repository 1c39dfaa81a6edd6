"""Reading an uploaded spreadsheet of organisations and contacts into checked rows."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date

from openpyxl import load_workbook

from app.errors import EngageError
from app.exporting import looks_like_formula
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


def _raw_rows(filename: str, data: bytes) -> list[list[object]]:
    if not data.strip():
        raise ImportFileError("The file is empty.")
    if filename.lower().endswith(".xlsx"):
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise ImportFileError("This is not a readable XLSX spreadsheet.") from exc
        return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    if filename.lower().endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportFileError("The CSV file must be saved as UTF-8 text.") from exc
        if "\x00" in text:
            raise ImportFileError("This file holds binary data, not CSV text.")
        return [list(row) for row in csv.reader(io.StringIO(text))]
    raise ImportFileError("Upload a .csv or .xlsx file.")


def check_row(row: ImportRow) -> None:
    for name, value in row.values.items():
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
    raw = _raw_rows(filename, data)
    if not raw:
        raise ImportFileError("The file has no rows.")
    names = _header(raw[0])
    if len(raw) - 1 > MAX_ROWS:
        raise ImportFileError(f"Import at most {MAX_ROWS:,} rows at a time.")
    rows = []
    for number, cells in enumerate(raw[1:], start=2):
        values = {name: _text(cell) for name, cell in zip(names, cells, strict=False) if name}
        if not any(values.values()):
            continue
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
    text = str(cell).strip()
    return text.replace("\x00", "")
