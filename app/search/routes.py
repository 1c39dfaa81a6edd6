"""The global search page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import Field
from starlette.responses import Response

from app.deps import SessionDep
from app.filtering import Paging, QueryForm, query_form
from app.search.queries import SearchKind, search
from app.web import render_cached_page

router = APIRouter(tags=["search"])


class SearchForm(QueryForm):
    q: str = Field("", max_length=200)
    kind: SearchKind | None = None


@router.get("/search", name="search")
def search_page(
    request: Request,
    session: SessionDep,
    form: Annotated[SearchForm, Depends(query_form(SearchForm))],
    paging: Annotated[Paging, Depends(query_form(Paging))],
) -> Response:
    q, kind = form.q, (SearchKind(form.kind) if form.kind else None)

    def make_context() -> dict[str, object]:
        per_page = 25 if kind else 10
        results = search(session, q, only=kind, page=paging.page, per_page=per_page)
        return {"results": results, "q": q, "kind": kind, "kinds": list(SearchKind)}

    return render_cached_page(
        request, session, "search/_results.html", make_context, title="Search"
    )
