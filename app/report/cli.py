"""`engage report`: the same report as the page, written to a file."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import typer
from sqlalchemy.orm import Session
from starlette.requests import Request

from app.report import files
from app.report.filters import parse_filters
from app.report.service import build_report, label_filters
from app.web import today


def _offline_request() -> Request:
    """A request stand-in so templates can build links (to http://localhost/…)."""
    from app.main import create_app

    app = create_app()
    scope = {
        "type": "http",
        "app": app,
        "router": app.router,
        "path": "/",
        "root_path": "",
        "scheme": "http",
        "server": ("localhost", 80),
        "headers": [],
        "query_string": b"",
    }
    return Request(scope)


def write_report(session: Session, start: date, end: date, fmt: str, output: Path) -> Path:
    filters = label_filters(
        session, parse_filters(start=start, end=end, preset=None, today=today())
    )
    with typer.progressbar(length=3, label="Building the report") as progress:
        report = build_report(session, filters, today())
        progress.update(1)
        output.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "xlsx":
            shutil.move(files.xlsx_path(session, report), output)
        elif fmt == "csv":
            with output.open("wb") as handle:
                for chunk in files.csv_zip(session, report):
                    handle.write(chunk)
        else:
            progress.update(1)
            output.write_bytes(files.report_pdf(report, _offline_request()))
        progress.update(2)
    return output
