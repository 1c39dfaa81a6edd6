"""The report as files: a zip of CSVs, single CSVs, an XLSX workbook and a printed PDF."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session
from starlette.requests import Request

from app.config import get_settings
from app.exporting import csv_chunks, write_xlsx, zip_chunks
from app.report.queries import meeting_ids
from app.report.service import Report
from app.report.tables import TABLES, Table, stream_rows
from app.web import templates


def filename(report: Report, extension: str, table: str | None = None) -> str:
    f = report.filters
    middle = f"-{table}" if table else ""
    return f"engagement-report{middle}-{f.start.isoformat()}-to-{f.end.isoformat()}.{extension}"


def table_csv(session: Session, report: Report, table: Table) -> Iterator[bytes]:
    rows = stream_rows(session, table, meeting_ids(report.filters))
    return csv_chunks(table.headers, rows)


def summary_csv(report: Report) -> Iterator[bytes]:
    return csv_chunks(("Figure", "Value"), report.summary_rows())


def csv_zip(session: Session, report: Report) -> Iterator[bytes]:
    members = [("summary.csv", summary_csv(report))]
    members += [(f"{t.name}.csv", table_csv(session, report, t)) for t in TABLES]
    return zip_chunks(members)


def xlsx_path(session: Session, report: Report) -> Path:
    ids = meeting_ids(report.filters)
    folder = Path(tempfile.mkdtemp(prefix="engage-report-"))
    sheets: list[tuple[str, Sequence[str], Iterable[Sequence[Any]]]] = [
        ("Summary", ("Figure", "Value"), report.summary_rows())
    ]
    sheets += [
        (t.name.replace("_", " ").capitalize(), t.headers, stream_rows(session, t, ids))
        for t in TABLES
    ]
    return write_xlsx(folder / filename(report, "xlsx"), sheets)


def print_context(today: date) -> dict[str, object]:
    """What every printed document names in its footer: who made it, and when."""
    return {"today": today, "organisation_name": get_settings().home_organisation}


def report_pdf(report: Report, request: Request) -> bytes:
    html = templates.get_template("report/print.html").render(
        report=report,
        filters=report.filters,
        request=request,
        url_for=request.url_for,
        **print_context(report.today),
    )
    return pdf_bytes(html, str(request.base_url))


def pdf_bytes(html: str, base_url: str) -> bytes:
    from weasyprint import CSS, HTML

    from app.config import PROJECT_ROOT

    stylesheet = CSS(filename=str(PROJECT_ROOT / "app" / "static" / "css" / "print.css"))
    pdf: bytes = HTML(string=html, base_url=base_url).write_pdf(stylesheets=[stylesheet])
    return pdf
