"""The briefing pack, as a page and as a PDF."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.briefing.service import build_briefing
from app.deps import SessionDep
from app.report.files import pdf_bytes, print_context
from app.threads import build_file
from app.web import render, templates, today

router = APIRouter(tags=["briefing"])


@router.get("/organisations/{organisation_id}/briefing", name="briefing")
def briefing_page(request: Request, session: SessionDep, organisation_id: int) -> Response:
    briefing = build_briefing(session, organisation_id, today())
    return render(request, "briefing/page.html", {"b": briefing, "active_nav": "organisations"})


@router.get("/organisations/{organisation_id}/briefing.pdf", name="briefing_pdf")
async def briefing_pdf(request: Request, session: SessionDep, organisation_id: int) -> Response:
    def build() -> tuple[str, bytes]:
        briefing = build_briefing(session, organisation_id, today())
        html = templates.get_template("briefing/print.html").render(
            b=briefing, request=request, url_for=request.url_for, **print_context(today())
        )
        short = briefing.organisation.acronym or organisation_id
        return f"briefing-{short}-{today().isoformat()}.pdf", pdf_bytes(html, str(request.base_url))

    name, pdf = await build_file(request, build)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
