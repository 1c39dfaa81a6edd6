"""The engagement report page and its files."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, Request
from fastapi.responses import FileResponse, Response, StreamingResponse
from sqlalchemy import select

from app.account.queries import active_users
from app.deps import SessionDep
from app.errors import EngageError
from app.filtering import query_form
from app.meeting.models import MeetingKind
from app.organisation.models import OrganisationKind, Province
from app.organisation.queries import recently_met_choices
from app.report import files
from app.report.filters import PRESETS, ReportFilters, ReportQuery, parse_filters, preset_period
from app.report.service import Report, build_report, label_filters
from app.report.tables import TABLES_BY_NAME
from app.threads import build_file
from app.topic.models import Topic
from app.web import render_cached_page, today

router = APIRouter(prefix="/reports", tags=["reports"])


def report_filters(
    request: Request,
    session: SessionDep,
    query: Annotated[ReportQuery, Depends(query_form(ReportQuery))],
) -> ReportFilters:
    def parse(start: date | None, end: date | None) -> ReportFilters:
        return parse_filters(
            start=start,
            end=end,
            preset=query.chosen_preset() if (start, end) == (query.start, query.end) else None,
            today=today(),
            organisation_ids=query.organisation,
            organisation_kind=query.organisation_kind,
            province=query.province,
            topic_id=query.topic,
            lead_id=query.lead,
            meeting_kind=query.meeting_kind,
        )

    try:
        filters = parse(query.start, query.end)
    except EngageError as exc:
        # A period that cannot be shown is said beside it; the page shows this quarter.
        request.state.filter_errors = {**request.state.filter_errors, "end": exc.message}
        filters = parse(None, None)
    return label_filters(session, filters)


Filters = Annotated[ReportFilters, Depends(report_filters)]


def current_report(session: SessionDep, filters: Filters) -> Report:
    return build_report(session, filters, today())


ReportDep = Annotated[Report, Depends(current_report)]


def _context(session: SessionDep, report: Report) -> dict[str, object]:
    organisations, cut = recently_met_choices(session, report.filters.organisation_ids)
    return {
        "report": report,
        "filters": report.filters,
        "presets": PRESETS,
        # The preset whose period is the one shown, so the Period choice says so.
        "preset_chosen": next(
            (
                key
                for key in PRESETS
                if preset_period(key, report.today) == (report.filters.start, report.filters.end)
            ),
            None,
        ),
        "kinds": list(OrganisationKind),
        "provinces": list(Province),
        "meeting_kinds": list(MeetingKind),
        "organisations": organisations,
        "organisations_cut": cut,
        "topics": session.scalars(select(Topic).order_by(Topic.name)).all(),
        "users": active_users(session),
        "query": report.filters.query_args(),
        "active_nav": "reports",
    }


@router.get("", name="report")
def report_page(
    request: Request,
    session: SessionDep,
    filters: Filters,
    typed: Annotated[ReportQuery, Depends(query_form(ReportQuery))],
) -> Response:
    def make_context() -> dict[str, object]:
        # A period that could not be shown stays in the form as typed, beside its message.
        return {**_context(session, current_report(session, filters)), "typed": typed}

    return render_cached_page(
        request,
        session,
        "report/_content.html",
        make_context,
        title="Engagement report",
        active_nav="reports",
        key=(filters, tuple(request.state.filter_errors.items())),
    )


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


@router.get("/export.zip", name="report_zip")
def report_zip(session: SessionDep, report: ReportDep) -> Response:
    return StreamingResponse(
        files.csv_zip(session, report),
        media_type="application/zip",
        headers=_attachment(files.filename(report, "zip")),
    )


@router.get("/export/{table}.csv", name="report_csv")
def report_csv(session: SessionDep, report: ReportDep, table: str) -> Response:
    if table == "summary":
        body = files.summary_csv(report)
    elif table in TABLES_BY_NAME:
        body = files.table_csv(session, report, TABLES_BY_NAME[table])
    else:
        from app.errors import NotFound

        raise NotFound(f"There is no report table called “{table}”.")
    return StreamingResponse(
        body,
        media_type="text/csv; charset=utf-8",
        headers=_attachment(files.filename(report, "csv", table)),
    )


@router.get("/export.xlsx", name="report_xlsx")
async def report_xlsx(
    request: Request, session: SessionDep, report: ReportDep, cleanup: BackgroundTasks
) -> Response:
    path = await build_file(request, lambda: files.xlsx_path(session, report))

    def remove() -> None:
        path.unlink(missing_ok=True)
        path.parent.rmdir()

    cleanup.add_task(remove)
    return FileResponse(
        path,
        filename=path.name,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@router.get("/export.pdf", name="report_pdf")
async def report_pdf(request: Request, report: ReportDep) -> Response:
    return Response(
        await build_file(request, lambda: files.report_pdf(report, request)),
        media_type="application/pdf",
        headers=_attachment(files.filename(report, "pdf")),
    )
