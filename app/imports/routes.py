"""Import organisations and contacts: upload, preview what each row will do, confirm."""

from __future__ import annotations

from fastapi import APIRouter, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from app.auth.guard import EditorUser
from app.deps import SessionDep
from app.exporting import csv_chunks
from app.imports.reading import COLUMNS, ImportFileError, ImportRow, read_rows
from app.imports.service import (
    RowPlan,
    apply_import,
    discard_pending,
    load_pending,
    plan_import,
    save_pending,
)
from app.threads import build_file
from app.web import flash, render

router = APIRouter(prefix="/imports", tags=["imports"])

EXAMPLE = [
    (
        "Pakistan Software Houses Association",
        "PASHA",
        "P@SHA",
        "industry_association",
        "national",
        "Karachi",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ),
    (
        "Government of Sindh",
        "",
        "Sindh Secretariat",
        "provincial_government",
        "sindh",
        "Karachi",
        "",
        "Dr",
        "Sohail Rajput",
        "",
        "",
        "Chief Secretary Sindh",
        "2022-06-22",
    ),
]


@router.get("", name="imports")
def import_form(request: Request, _user: EditorUser) -> Response:
    return render(
        request,
        "imports/upload.html",
        {"columns": COLUMNS, "error": None, "active_nav": "organisations"},
    )


@router.get("/template.csv", name="import_template")
def import_template(_user: EditorUser) -> Response:
    body = b"".join(csv_chunks(COLUMNS, EXAMPLE))
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="engage-import.csv"'},
    )


@router.post("/preview", name="import_preview")
async def import_preview(
    request: Request, session: SessionDep, user: EditorUser, upload: UploadFile
) -> Response:
    data = await upload.read()
    name = upload.filename or "upload"

    def read_and_plan() -> tuple[list[ImportRow], list[RowPlan]]:
        rows = read_rows(name, data)
        return rows, plan_import(session, rows)

    try:
        # Reading a workbook and matching its rows takes seconds: off the event loop,
        # on the files' own threads, as exports are.
        rows, plans = await build_file(request, read_and_plan)
    except ImportFileError as exc:
        return render(
            request,
            "imports/upload.html",
            {"columns": COLUMNS, "error": exc.message, "active_nav": "organisations"},
            status_code=422,
        )
    token = save_pending(name, rows, user.id)
    return render(
        request,
        "imports/preview.html",
        {"plans": plans, "token": token, "filename": name, "active_nav": "organisations"},
    )


@router.post("/{token}/confirm", name="import_confirm")
def import_confirm(
    request: Request, session: SessionDep, _user: EditorUser, token: str
) -> Response:
    _, rows = load_pending(token)
    counts = apply_import(session, plan_import(session, rows))
    discard_pending(token)
    flash(
        request,
        f"Imported: {counts['organisations']} new organisations, {counts['updated']} "
        f"updated, {counts['contacts']} new contacts, {counts['affiliations']} new "
        "titles. Rows with problems were skipped.",
    )
    return RedirectResponse(request.url_for("organisation_list"), status_code=303)
