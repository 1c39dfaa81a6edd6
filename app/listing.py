"""One mechanism for every list: pagination in the database, its counts and page ids
kept until what they read changes (app.aggregates.kept_statement)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, Subquery, func, literal, select
from sqlalchemy.orm import Session

from app.aggregates import kept_statement
from app.lines import LoadLines, in_id_order

T = TypeVar("T")

MAX_PER_PAGE = 100


@dataclass
class Page(Generic[T]):
    items: list[T]
    total: int
    page: int
    per_page: int
    query_args: dict[str, Any] = field(default_factory=dict)
    # True when counting stopped at `total` and there are more (see count_rows).
    total_capped: bool = False

    @property
    def total_label(self) -> str:
        return count_label(self.total, capped=self.total_capped)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def count_label(total: int, *, capped: bool) -> str:
    """1,234, or 1,000+ when counting stopped there."""
    return f"{total:,}+" if capped else f"{total:,}"


def count_rows(session: Session, stmt: Select[Any], at_most: int | None = None) -> int:
    """Count the rows of a filtered statement without its ordering or eager loads; with
    `at_most`, stop counting past it (the result is then at_most + 1)."""
    counted = stmt.with_only_columns(literal(1)).order_by(None)
    if at_most is not None:
        counted = counted.limit(at_most + 1)
    return session.scalar(select(func.count()).select_from(counted.subquery())) or 0


def fetch(
    session: Session,
    stmt: Select[Any],
    limit: int,
    offset: int = 0,
    *,
    lines: LoadLines | None = None,
) -> list[Any]:
    """One page of the entities `stmt` selects, in its order, in two steps: the ids of the
    page first (filter, sort and limit on the table and its indexes alone), then those
    rows with their eager loads, or as `lines` reads them (app.lines). Joining every
    related table before sorting and limiting costs in proportion to all matching rows;
    this costs in proportion to the page."""
    entity = stmt.column_descriptions[0]["entity"]
    ids = page_ids(session, stmt.with_only_columns(entity.id), limit, offset)
    return rows_of(session, stmt, ids, lines)


def rows_of(
    session: Session, stmt: Select[Any], ids: list[Any], lines: LoadLines | None
) -> list[Any]:
    """The rows of these ids in their order: as `lines` reads them, or else the entities
    `stmt` selects, with its eager loads."""
    if lines is None:
        return in_order(session, stmt, ids)
    return in_id_order(ids, lines(session, ids)) if ids else []


def page_ids(session: Session, ids: Select[Any], limit: int, offset: int = 0) -> list[Any]:
    """One page of the ids `ids` selects, in its order."""
    page = ids.limit(limit).offset(offset)
    return kept_statement(session, "page ids", page, lambda: list(session.scalars(page)))


def in_order(session: Session, stmt: Select[Any], ids: list[Any]) -> list[Any]:
    """The entities `stmt` selects with these ids, with its eager loads, in the ids' order.

    Read by id alone: the ids already meet `stmt`'s filters, and filtering again cost as
    much as finding them when a filter is a subquery (the meetings with the authority, at
    `large`: all 100,000 of its meetings gathered again to load 25, 47 ms on SQLite)."""
    if not ids:
        return []
    entity = stmt.column_descriptions[0]["entity"]
    # The statement's loader options are all it passes on; SQLAlchemy keeps them in
    # `_with_options` and has no public way to read them back.
    by_id = select(entity).where(entity.id.in_(ids)).options(*stmt._with_options)
    return in_id_order(ids, session.scalars(by_id).unique().all())


def has_at_least(session: Session, stmt: Select[Any], rows: int) -> bool:
    """Whether `stmt` has at least this many rows, counting no further."""
    return count_rows(session, stmt, at_most=rows - 1) >= rows


def first_page_among(
    session: Session,
    everyones_first: Subquery,
    its: ColumnElement[bool],
    order: Sequence[ColumnElement[Any]],
    stmt: Select[Any],
    limit: int,
    offset: int = 0,
    *,
    lines: LoadLines | None = None,
) -> list[Any] | None:
    """A page (`limit` rows after `offset`, with `stmt`'s loads or as `lines` reads them)
    of a busy body's list, looked for among the first rows of everyone's list in the same order
    (`everyones_first`, a few thousand ids with the columns `its` and `order` read), or
    None when they hold fewer than its first `offset + limit` rows.

    A busy body's list can hold thousands of rows, and reading them all to sort them
    costs in proportion to them; its first rows are nearly always among everyone's first,
    read in order from an index. Everyone's first rows come before all others in the
    list's order, so the body's first `offset + limit` rows, when they are all found among
    them, are its first rows; with fewer, the caller reads the body's rows whole."""
    among = select(everyones_first.c.id).where(its).order_by(*order)
    ids = page_ids(session, among, limit, offset)
    return rows_of(session, stmt, ids, lines) if len(ids) == limit else None


# A page of a list's rows (`limit` after `offset`, with the statement's loads) found a
# cheaper way than `fetch`, or None where that way does not serve.
PageOf = Callable[[Select[Any], int, int], list[Any] | None]


def paginate(
    session: Session,
    stmt: Select[Any],
    page: int,
    per_page: int,
    total_of: Callable[[], int] | None = None,
    page_of: PageOf | None = None,
    *,
    lines: LoadLines | None = None,
) -> Page[Any]:
    """One page of `stmt` and how many rows it has in all. When the domain has them,
    `total_of` gives that number from kept figures and `page_of` the page (a busy body's,
    say), where counting or sorting the rows would cost more. Its rows are the records,
    or as `lines` reads them (not with `page_of`, which reads its own)."""
    page = max(1, page)
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    offset = (page - 1) * per_page
    total = kept_statement(session, "count", stmt, total_of or (lambda: count_rows(session, stmt)))
    items = page_of(stmt, per_page, offset) if page_of is not None else None
    if items is None:
        items = fetch(session, stmt, per_page, offset, lines=lines)
    return Page(items=items, total=total, page=page, per_page=per_page)


def parse_sort(value: str | None, allowed: dict[str, Any], default: str) -> tuple[str, list[Any]]:
    """Resolve `sort=key` / `sort=-key` against a whitelist of sortable columns.

    Returns the accepted sort string (for links) and ORDER BY clauses. Unknown keys are a
    clear error rather than raw SQL.
    """
    from app.errors import EngageError

    chosen = value or default
    key = chosen.removeprefix("-")
    if key not in allowed:
        names = ", ".join(sorted(allowed))
        raise EngageError(f"Cannot sort by “{key}”. Choose one of: {names}.", status_code=422)
    column = allowed[key]
    clause = column.desc().nulls_last() if chosen.startswith("-") else column.asc().nulls_last()
    return chosen, [clause]
