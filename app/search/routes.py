"""The global search page."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from app.deps import SessionDep
from app.search.queries import SearchKind, search
from app.web import render_cached_page

router = APIRouter(tags=["search"])


@router.get("/search", name="search")
def search_page(
    request: Request,
    session: SessionDep,
    q: str = Query("", max_length=200),
    kind: SearchKind | None = None,
    page: int = Query(1, ge=1),
) -> Response:
    def make_context() -> dict[str, object]:
        results = search(session, q, only=kind, page=page, per_page=25 if kind else 10)
        return {"results": results, "q": q, "kind": kind, "kinds": list(SearchKind)}

    return render_cached_page(
        request, session, "search/_results.html", make_context, title="Search"
    )
