"""One matcher for duplicate warnings, import and ingest."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.orm import Session, selectinload

from app.contact.models import Contact
from app.db import make_engine
from app.matching import (
    ContactEntry,
    ContactMatcher,
    Match,
    MatchKind,
    OrganisationEntry,
    OrganisationMatcher,
)
from app.matching.models import organisation_name_key
from app.organisation.models import Organisation, OrganisationAlias
from tests.databases import throwaway_database, upgrade, using_postgres


@pytest.fixture
def organisations(session) -> OrganisationMatcher:
    return OrganisationMatcher.from_database(session)


@pytest.mark.parametrize(
    ("typed", "kind", "expected"),
    [
        (
            "Pakistan Software Houses Association",
            MatchKind.exact,
            "Pakistan Software Houses Association",
        ),
        (
            "pakistan software houses association",
            MatchKind.exact,
            "Pakistan Software Houses Association",
        ),
        ("PASHA", MatchKind.acronym, "Pakistan Software Houses Association"),
        ("P@SHA", MatchKind.acronym, "Pakistan Software Houses Association"),
        ("Sindh Secretariat", MatchKind.alias, "Government of Sindh"),
        (
            "Ministry of IT & Telecom",
            MatchKind.alias,
            "Ministry of Information Technology and Telecommunication",
        ),
        ("Pakistan Software Houses Assn", MatchKind.fuzzy, "Pakistan Software Houses Association"),
        ("Ignite National Technology Fund", MatchKind.exact, "Ignite – National Technology Fund"),
    ],
)
def test_organisation_names_find_their_record(organisations, typed, kind, expected):
    match = organisations.match(typed)
    assert (match.kind, match.name) == (kind, expected)


@pytest.mark.parametrize("typed", ["Pakistan Engineering Council", "Ministry of Planning", ""])
def test_unrelated_organisations_are_new(organisations, typed):
    assert organisations.match(typed).kind is MatchKind.new


def test_people_match_ignoring_honorifics_and_middle_names():
    matcher = ContactMatcher(
        [ContactEntry(1, "Dr. Muhammad Sohail Rajput"), ContactEntry(2, "Asif Ikram")]
    )
    assert matcher.match("Dr Sohail Rajput").id == 1
    assert matcher.match("asif ikram").kind is MatchKind.exact
    assert matcher.match("Sohail Khan").kind is MatchKind.new
    assert matcher.match("Imran Ikram").kind is MatchKind.new


def test_transliterated_spellings_find_the_stored_person_as_a_close_spelling():
    matcher = ContactMatcher(
        [ContactEntry(1, "Amer Hashmi"), ContactEntry(2, "Muhammad Tanveer Jabbar")]
    )
    amir = matcher.match("Amir Hashmi")
    assert (amir.id, amir.kind) == (1, MatchKind.fuzzy)  # asked before linking, not exact
    assert matcher.match("Mohammed Tanveer Jabbar").id == 2
    assert matcher.match("Amir Khan").kind is MatchKind.new
    assert matcher.match("Imran Hashmi").kind is MatchKind.new


def test_provincial_bodies_never_match_federal_ones_by_spelling():
    matcher = OrganisationMatcher(
        [
            OrganisationEntry(
                1, "Ministry of Information Technology and Telecommunication", None, ()
            ),
            OrganisationEntry(2, "Punjab Information Technology Board", "PITB", ()),
        ]
    )
    assert matcher.match("Information Technology Department Punjab").kind is MatchKind.new
    assert matcher.match("Information Technology Department").kind is MatchKind.new
    assert matcher.match("Ministry of Information Technology & Telecom").id == 1


# --- The database's stored keys give the answers a full list gives -------------------


def _variants(name: str) -> list[str]:
    """What people type for a name on record: other case, a letter dropped, a vowel
    changed, an honorific added, a word dropped."""
    words = name.split()
    middle = len(name) // 2
    return [
        name.upper(),
        name[:middle] + name[middle + 1 :],
        name.replace("a", "e", 1),
        name.replace("i", "ee", 1),
        f"Dr. {name}",
        " ".join(words[1:]),
        " ".join(words[:-1]),
        " ".join(reversed(words)),
    ]


def _typed_names(session) -> list[str]:
    names = [
        *session.scalars(select(Organisation.name)),
        *session.scalars(select(Contact.full_name)),
    ]
    typed = [v for n in names for v in _variants(n)]
    return typed + ["", "Pakistan", "Ministry", "Khan", "Imran Khan", "Totally Unheard Body"]


def test_organisation_lookups_by_index_agree_with_the_full_list(session):
    everyone = OrganisationMatcher(
        OrganisationEntry(o.id, o.name, o.acronym, tuple(a.alias for a in o.aliases))
        for o in session.scalars(
            select(Organisation)
            .where(Organisation.archived_at.is_(None))
            .options(selectinload(Organisation.aliases))
        )
    )
    indexed = OrganisationMatcher.from_database(session)
    typed = _typed_names(session)
    found = [t for t in typed if everyone.match(t).found]
    assert len(found) > 50  # the variants do find records: the comparison means something
    assert [indexed.match(t) for t in typed] == [everyone.match(t) for t in typed]


def test_person_lookups_by_index_agree_with_the_full_list(session):
    everyone = ContactMatcher(
        ContactEntry(i, n)
        for i, n in session.execute(
            select(Contact.id, Contact.full_name).where(
                Contact.archived_at.is_(None), Contact.erased.is_(False)
            )
        )
    )
    indexed = ContactMatcher.from_database(session)
    typed = _typed_names(session)
    assert sum(everyone.match(t).kind is MatchKind.fuzzy for t in typed) > 5
    assert [indexed.match(t) for t in typed] == [everyone.match(t) for t in typed]


# --- The keys follow every write ------------------------------------------------------


def test_keys_follow_renames_aliases_archiving_and_deletion(session):
    org = Organisation(
        name="Indus Fintech Collective",
        acronym="IFC",
        kind="company",
        aliases=[OrganisationAlias(alias="Indus Fin")],
    )
    person = Contact(full_name="Zubair Qureshi")
    session.add_all([org, person])
    session.flush()
    orgs, people = OrganisationMatcher.from_database(session), ContactMatcher.from_database(session)
    assert orgs.match("indus fin").kind is MatchKind.alias
    assert people.match("Mr Zubair Qureshi").id == person.id

    org.name, org.acronym = "Indus Digital Collective", "IDC"
    org.aliases = [OrganisationAlias(alias="Indus Digital")]
    person.full_name = "Zubair Ahmed Qureshi"
    session.flush()
    assert orgs.match("Indus Digital Collective").kind is MatchKind.exact
    assert orgs.match("IDC").kind is MatchKind.acronym
    assert orgs.match("Indus Digital").kind is MatchKind.alias
    assert not orgs.match("Indus Fin").found
    assert not orgs.match("IFC").found
    assert orgs.match("Indus Digitl Collective").kind is MatchKind.fuzzy
    assert people.match("Zubair Ahmed Qureshi").kind is MatchKind.exact
    assert people.match("Zubair Qureshi").kind is MatchKind.fuzzy

    org.archived_at = person.archived_at = datetime.now(UTC)
    session.flush()
    assert not orgs.match("IDC").found
    assert not people.match("Zubair Ahmed Qureshi").found

    session.delete(org)
    session.flush()
    left = session.scalar(
        select(func.count()).where(organisation_name_key.c.organisation_id == org.id)
    )
    assert left == 0


# --- A lookup reads the same few rows however many records there are -------------------


class RowsRead:
    """Statements a session runs and rows they return, while active."""

    def __init__(self, session) -> None:
        self.session, self.statements, self.rows = session, 0, 0

    def _count(self, state):
        frozen = state.invoke_statement().freeze()
        self.statements += 1
        self.rows += len(frozen().all())
        return frozen()

    def __enter__(self) -> RowsRead:
        event.listen(self.session, "do_orm_execute", self._count)
        return self

    def __exit__(self, *_exc) -> None:
        event.remove(self.session, "do_orm_execute", self._count)


def _letters(n: int) -> str:
    """A made-up word per number ("bab", "bac", …), so names differ from the first letter."""
    word = ""
    for _ in range(3):
        n, digit = divmod(n, 20)
        word += "bcdfghjklmnprstvwxyz"[digit]
    return word.capitalize() + "ani"


def _grow(session, start: int, stop: int) -> None:
    session.add_all(
        # Every one a Khan: the surname alone narrows nothing.
        Contact(full_name=f"{_letters(n)} Khan")
        for n in range(start, stop)
    )
    session.add_all(
        Organisation(name=f"{_letters(n)} {_letters(n * 7 + 3)} Traders", kind="company")
        for n in range(start // 10, stop // 10)
    )
    session.flush()


LOOKUPS = [
    ("person", "Dr. Sohail Rajput"),  # on record, with an honorific
    ("person", "Imran Khan"),  # unknown, a surname thousands share
    ("person", "Khan"),  # a surname alone
    ("person", "Amer Hashmy"),  # unknown, a new surname
    ("organisation", "PASHA"),  # an acronym
    ("organisation", "Pakistan Software Houses Assn"),  # a close spelling
    ("organisation", "Sindh Secretariat"),  # an alias
    ("organisation", "Indus Valley Fintech Collective"),  # unknown
]


def test_a_lookup_reads_as_few_rows_at_3000_people_as_at_30(session):
    measured = []
    grown = 0
    for size in (30, 3000):
        _grow(session, grown, size)
        grown = size
        with RowsRead(session) as read:
            orgs = OrganisationMatcher.from_database(session)
            people = ContactMatcher.from_database(session)
            answers = [
                (orgs if what == "organisation" else people).match(typed).kind
                for what, typed in LOOKUPS
            ]
        measured.append((read.statements, read.rows, answers))
    assert session.scalar(select(func.count(Contact.id))) >= 3000
    assert measured[0] == measured[1]
    statements, rows, answers = measured[1]
    assert answers[:2] == [MatchKind.exact, MatchKind.new]
    assert statements <= 2 * len(LOOKUPS) + 1  # at most two each, and the trigram check
    assert rows <= 3 * len(LOOKUPS)


@pytest.mark.skipif(using_postgres(), reason="reads SQLite's query plans")
def test_lookups_search_indexes_and_scan_no_table(session):
    _grow(session, 0, 300)
    plans: list[str] = []

    def explain(conn, _cursor, statement, parameters, _context, _many):
        if statement.lstrip().upper().startswith("SELECT"):
            rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
            plans.extend(row[-1] for row in rows)

    connection = session.connection()
    event.listen(connection, "after_cursor_execute", explain)
    try:
        orgs = OrganisationMatcher.from_database(session)
        people = ContactMatcher.from_database(session)
        for what, typed in LOOKUPS:
            (orgs if what == "organisation" else people).match(typed)
    finally:
        event.remove(connection, "after_cursor_execute", explain)
    assert any("USING" in p and "INDEX" in p for p in plans)
    assert [p for p in plans if p.startswith("SCAN") and "USING" not in p] == []


def test_the_migration_fills_the_keys_of_records_already_there():
    with throwaway_database("namekeys") as url:
        engine = make_engine(url)
        try:
            with engine.begin() as conn:
                upgrade(conn, "3f6b2d8e1c47")
                conn.execute(
                    text(
                        "INSERT INTO organisation (id, name, acronym, kind, version, "
                        "inferred_fields, created_at, updated_at) VALUES (1, "
                        "'Pakistan Software Houses Association', 'P@SHA', 'industry_association', "
                        "1, '[]', :now, :now)"
                    ),
                    {"now": datetime.now(UTC)},
                )
                conn.execute(
                    text(
                        "INSERT INTO contact (id, full_name, emails, phones, erased, version, "
                        "created_at, updated_at) VALUES (1, 'Dr. Amer Hashmi', '[]', '[]', "
                        ":no, 1, :now, :now)"
                    ),
                    {"now": datetime.now(UTC), "no": False},
                )
                upgrade(conn)
            with Session(engine) as session:
                orgs = OrganisationMatcher.from_database(session)
                people = ContactMatcher.from_database(session)
                assert orgs.match("PASHA") == Match(
                    MatchKind.acronym, 1, "Pakistan Software Houses Association", 100
                )
                assert orgs.match("Pakistan Software Houses Assn").kind is MatchKind.fuzzy
                assert people.match("Amer Hashmi").kind is MatchKind.exact
                assert people.match("Amir Hashmi").kind is MatchKind.fuzzy
        finally:
            engine.dispose()
