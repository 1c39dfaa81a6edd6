"""Global search: each engine's own full-text search for the large text tables (FTS5 on
SQLite, tsvector + GIN on PostgreSQL; see the full_text_search and contact name
migrations) for meetings, pledges, action items and contact names, and name matching for
organisations (names, acronyms, aliases: a few thousand short rows)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy import ColumnElement, Select, TextClause, and_, bindparam, func, or_, select, text
from sqlalchemy.orm import InstrumentedAttribute, Session, joinedload, selectinload

from app.aggregates import kept_statement
from app.commitment.models import ActionItem, Pledge
from app.commitment.queries import action_stmt, pledge_stmt
from app.contact.models import Affiliation, Contact
from app.db import without_its_index
from app.document.models import Document, DocumentFile
from app.listing import Page, count_label, count_rows, fetch
from app.meeting.models import Meeting
from app.meeting.queries import newest_first
from app.organisation.models import Organisation, OrganisationAlias

MAX_TERMS = 8


class SearchKind(StrEnum):
    organisations = "organisations"
    contacts = "contacts"
    meetings = "meetings"
    pledges = "pledges"
    actions = "actions"
    documents = "documents"


# Must match the migration's document expressions exactly, or PostgreSQL ignores the index.
PG_DOCUMENTS = {
    "meeting": "to_tsvector('english'::regconfig, coalesce(meeting.title, '') || ' ' || "
    "coalesce(meeting.summary, '') || ' ' || coalesce(meeting.minutes, ''))",
    "pledge": "to_tsvector('english'::regconfig, coalesce(pledge.text, ''))",
    "action_item": "to_tsvector('english'::regconfig, coalesce(action_item.text, ''))",
    "contact": "to_tsvector('simple'::regconfig, coalesce(contact.full_name, ''))",
    "document_file": "to_tsvector('english'::regconfig, coalesce(document_file.text, ''))",
}
# Meetings, pledges and action items are stemmed ("zone" finds "zones"); names are not.
PG_CONFIGS = {
    "meeting": "english",
    "pledge": "english",
    "action_item": "english",
    "document_file": "english",
}


def terms_of(query: str) -> list[str]:
    """Words a person typed, stripped of search-syntax characters. An '@' inside a word is
    kept: "P@SHA" is one word (see _fts_term and organisations_stmt), not "p" and "sha"."""
    return re.findall(r"\w+(?:@\w+)*", query.casefold())[:MAX_TERMS]


def _parts(term: str) -> list[str]:
    return re.findall(r"\w+", term)


def _fts_term(term: str, postgresql: bool) -> str:
    """A word as a prefix, or a word written with '@' for 'a' ("p@sha"): read as the word
    ("pasha") or as its pieces in sequence, as the index holds them ("p", "sha")."""
    if "@" not in term:
        return f"{term}:*" if postgresql else f'"{term}"*'
    joined, pieces = term.replace("@", "a"), _parts(term)
    if postgresql:
        return f"({joined}:* | {' <-> '.join(pieces)})"
    return f'("{joined}"* OR "{" ".join(pieces)}")'


class Plan(Enum):
    """How to find the records that match, by what the query is for. Each engine has a
    plan that suits counting, one for a page of few matches and one for a page of many."""

    count = "count"
    few = "few"
    many = "many"


def _full_text(
    session: Session,
    table: str,
    id_column: InstrumentedAttribute[int],
    terms: list[str],
    plan: Plan,
) -> ColumnElement[bool] | TextClause:
    if session.get_bind().dialect.name == "postgresql":
        tsquery = " & ".join(_fts_term(t, postgresql=True) for t in terms)
        config = PG_CONFIGS.get(table, "simple")
        matches = text(f"{PG_DOCUMENTS[table]} @@ to_tsquery('{config}', :tsq)").bindparams(
            tsq=tsquery
        )
        if plan is Plan.few:
            # Materialized, so the GIN index finds the matches first. Left inline, the
            # planner may walk the ORDER BY index instead and compute to_tsvector for every
            # row until it has a page of results: all of them when the words are rare.
            found = (
                select(id_column).where(matches).cte(f"{table}_matches").prefix_with("MATERIALIZED")
            )
            return id_column.in_(select(found.c.id))
        # Inline: a count stops at its limit in the index's bitmap, and a page of many
        # matches is found in a few rows of the ORDER BY index.
        return matches
    match = " ".join(_fts_term(t, postgresql=False) for t in terms)
    fts_ids = (
        select(text("rowid"))
        .select_from(text(f"{table}_fts"))
        .where(text(f"{table}_fts MATCH :fts").bindparams(fts=match))
    )
    if plan is Plan.many:
        # Thousands of matches: rather than look up and sort every one, SQLite walks the
        # table in the list's order and keeps the matches until it has a page. The unary +
        # is SQLite's documented way to keep it from looking the matches up by id first.
        # (With few matches, sorting them is the quicker plan, and SQLite chooses it.)
        return without_its_index(session, id_column).in_(fts_ids)
    return id_column.in_(fts_ids)


def folded(column: Any) -> ColumnElement[str]:
    """A name as search compares it: lower case, '@' read as 'a'."""
    return func.replace(func.lower(column), "@", "a")


def organisations_stmt(terms: list[str]) -> Select[Organisation]:
    """Every word must appear in the name, the acronym or one of the aliases; '@' reads
    as 'a' on both sides ("p@sha" finds PASHA, "pasha" finds P@SHA)."""

    def word_matches(term: str) -> ColumnElement[bool]:
        pattern = f"%{term.replace('@', 'a')}%"
        alias_ids = select(OrganisationAlias.organisation_id).where(
            folded(OrganisationAlias.alias).like(pattern)
        )
        return or_(
            folded(Organisation.name).like(pattern),
            folded(Organisation.acronym).like(pattern),
            Organisation.id.in_(alias_ids),
        )

    return (
        select(Organisation)
        .where(Organisation.archived_at.is_(None), *(word_matches(t) for t in terms))
        .options(selectinload(Organisation.aliases))
        .order_by(func.lower(Organisation.name))
    )


def contacts_stmt(session: Session, terms: list[str], plan: Plan = Plan.few) -> Select[Contact]:
    """Every word must begin a word of the name ("soh raj" finds Sohail Rajput)."""
    return (
        select(Contact)
        .where(
            Contact.archived_at.is_(None),
            _full_text(session, "contact", Contact.id, terms, plan),
        )
        .options(selectinload(Contact.affiliations).joinedload(Affiliation.organisation))
        .order_by(func.lower(Contact.full_name), Contact.id)
    )


def meetings_stmt(session: Session, terms: list[str], plan: Plan = Plan.few) -> Select[Meeting]:
    stmt = select(Meeting).where(
        Meeting.archived_at.is_(None),
        _full_text(session, "meeting", Meeting.id, terms, plan),
    )
    return newest_first(stmt)


def pledges_stmt(session: Session, terms: list[str], plan: Plan = Plan.few) -> Select[Pledge]:
    stmt = pledge_stmt().where(_full_text(session, "pledge", Pledge.id, terms, plan))
    return stmt.order_by(Pledge.id.desc())


def actions_stmt(session: Session, terms: list[str], plan: Plan = Plan.few) -> Select[ActionItem]:
    return action_stmt().where(_full_text(session, "action_item", ActionItem.id, terms, plan))


def documents_stmt(session: Session, terms: list[str], plan: Plan = Plan.few) -> Select[Document]:
    """Documents whose words (the text read from the file) or title hold every word."""
    in_text = select(DocumentFile.id).where(
        _full_text(session, "document_file", DocumentFile.id, terms, plan)
    )
    in_title = [folded(Document.title).like(f"%{t.replace('@', 'a')}%") for t in terms]
    return (
        select(Document)
        .where(Document.archived_at.is_(None), or_(Document.file_id.in_(in_text), and_(*in_title)))
        .options(joinedload(Document.file))
        .order_by(Document.created_at.desc(), Document.id.desc())
    )


# Private-use characters mark the matching words in a snippet until it is escaped.
_MARK_START, _MARK_END = "\ue000", "\ue001"


def add_snippets(session: Session, documents: Sequence[Document], terms: list[str]) -> None:
    """Sets `snippet` on each document whose text matched: the matching words in context,
    escaped, with <mark> around the words (the engine's own snippet function)."""
    ids = sorted({d.file_id for d in documents})
    if not ids or not terms:
        return
    if session.get_bind().dialect.name == "postgresql":
        tsquery = " & ".join(_fts_term(t, postgresql=True) for t in terms)
        rows = session.execute(
            text(
                "SELECT id, ts_headline('english', text, to_tsquery('english', :q), "
                f"'StartSel={_MARK_START}, StopSel={_MARK_END}, MaxWords=30, MinWords=12, "
                'MaxFragments=2, FragmentDelimiter=" … "\') FROM document_file '
                "WHERE id IN :ids AND "
                f"{PG_DOCUMENTS['document_file']} @@ to_tsquery('english', :q)"
            ).bindparams(bindparam("ids", expanding=True)),
            {"q": tsquery, "ids": ids},
        )
    else:
        match = " ".join(_fts_term(t, postgresql=False) for t in terms)
        rows = session.execute(
            text(
                "SELECT rowid, snippet(document_file_fts, 0, :start, :end, '…', 24) "
                "FROM document_file_fts WHERE document_file_fts MATCH :m AND rowid IN :ids"
            ).bindparams(bindparam("ids", expanding=True)),
            {"m": match, "ids": ids, "start": _MARK_START, "end": _MARK_END},
        )
    snippets = {row[0]: _marked(row[1]) for row in rows}
    for document in documents:
        document.snippet = snippets.get(document.file_id)  # type: ignore[attr-defined]


def _marked(snippet: str) -> Markup:
    escaped = str(escape(" ".join(snippet.split())))
    return Markup(escaped.replace(_MARK_START, "<mark>").replace(_MARK_END, "</mark>"))


def statement_for(
    session: Session, kind: SearchKind, terms: list[str], plan: Plan = Plan.few
) -> Select[Any]:
    if kind is SearchKind.organisations:
        return organisations_stmt(terms)
    if kind is SearchKind.contacts:
        return contacts_stmt(session, terms, plan)
    if kind is SearchKind.meetings:
        return meetings_stmt(session, terms, plan)
    if kind is SearchKind.pledges:
        return pledges_stmt(session, terms, plan)
    if kind is SearchKind.documents:
        return documents_stmt(session, terms, plan)
    return actions_stmt(session, terms, plan)


# A common word matches thousands of records; counting past this says nothing more useful
# than "1,000+", and costs in proportion to all of them.
COUNT_AT_MOST = 1000


@dataclass
class SearchResults:
    query: str
    sections: dict[SearchKind, Page[Any]]

    @property
    def total(self) -> int:
        return sum(page.total for page in self.sections.values())

    @property
    def total_label(self) -> str:
        capped = any(page.total_capped for page in self.sections.values())
        return count_label(self.total, capped=capped)


def _section(
    session: Session, kind: SearchKind, terms: list[str], page: int, per_page: int
) -> Page[Any]:
    counting = statement_for(session, kind, terms, Plan.count)
    counted = kept_statement(
        session,
        ("count", COUNT_AT_MOST),
        counting,
        lambda: count_rows(session, counting, at_most=COUNT_AT_MOST),
    )
    many = counted > COUNT_AT_MOST
    stmt = statement_for(session, kind, terms, Plan.many if many else Plan.few)
    page = max(1, page)
    return Page(
        items=fetch(session, stmt, per_page, (page - 1) * per_page),
        total=min(counted, COUNT_AT_MOST),
        page=page,
        per_page=per_page,
        total_capped=many,
    )


def search(
    session: Session,
    query: str,
    *,
    only: SearchKind | None = None,
    page: int = 1,
    per_page: int = 10,
) -> SearchResults:
    terms = terms_of(query)
    if not terms:
        return SearchResults(query, {})
    kinds: Sequence[SearchKind] = [only] if only else list(SearchKind)
    sections = {kind: _section(session, kind, terms, page, per_page) for kind in kinds}
    for kind, result in sections.items():
        result.query_args = {"q": query, "kind": kind.value}
    if SearchKind.documents in sections:
        add_snippets(session, sections[SearchKind.documents].items, terms)
    return SearchResults(query, sections)
