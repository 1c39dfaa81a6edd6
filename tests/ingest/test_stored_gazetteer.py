"""Drafting reads from the database only the organisations and people a text may name,
through the stored name keys, and drafts exactly what it would with every record loaded."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.contact.models import Contact
from app.ingest.extract import extract
from app.ingest.gazetteer import Gazetteer, KnownOrganisation, KnownPerson
from app.ingest.service import build_draft
from app.ingest.stored import StoredGazetteer, word_runs
from app.organisation.models import Organisation, OrganisationAlias

HOME = "Special Technology Zones Authority"
MINISTRY = "Ministry of Information Technology and Telecommunication"
TEXT = (
    "ISLAMABAD, 4 March 2026: Federal Minister for IT and Telecommunication Shaza Fatima "
    "Khawaja met Dr Tariq Banuri of the Margalla Data Consortium and Faisal Yousaf of the "
    "PITB. Both sides agreed to share data. STZA Chairman Amer Hashmi was also present."
)


def _stored(session: Session) -> None:
    """Beside the seed's (our own Authority, the Ministry of IT, Amer Hashmi): the name a
    rule makes from the minister's title as the Ministry's alias, a board known by its
    acronym and an alias, an archived company, thirty bodies never named."""
    ministry = session.scalars(select(Organisation.id).where(Organisation.name == MINISTRY)).one()
    session.add(
        OrganisationAlias(organisation_id=ministry, alias="Ministry of IT and Telecommunication")
    )
    pitb = Organisation(
        name="Punjab Information Technology Board",
        acronym="PITB",
        kind="public_authority",
        aliases=[OrganisationAlias(alias="Punjab IT Board")],
    )
    gone = Organisation(name="Margalla Data Consortium", kind="company")
    others = [Organisation(name=f"Indus Vertex Traders {n}", kind="company") for n in range(30)]
    people = [Contact(full_name="Tariq Banuri", honorific="Dr"), Contact(full_name="Someone Else")]
    session.add_all([pitb, gone, *others, *people])
    session.flush()
    gone.archived_at = datetime.now(UTC)
    session.flush()


def _everything(session: Session) -> Gazetteer:
    """Every live organisation and person in memory, as ingest once loaded them."""
    orgs = [
        KnownOrganisation(o.name, o.acronym, tuple(a.alias for a in o.aliases))
        for o in session.scalars(
            select(Organisation)
            .where(Organisation.archived_at.is_(None))
            .order_by(Organisation.id)
            .options(selectinload(Organisation.aliases))
        )
    ]
    home = next(o for o in orgs if o.name == HOME)
    people = [
        KnownPerson(c.full_name, c.honorific)
        for c in session.scalars(select(Contact).where(Contact.archived_at.is_(None)))
    ]
    return Gazetteer(home=home, organisations=orgs, people=people)


def test_only_what_the_text_may_name_is_read(session):
    _stored(session)
    found = StoredGazetteer.for_text(session, HOME, TEXT)
    assert {o.name for o in found.organisations} == {HOME, "Punjab Information Technology Board"}
    assert found.home.aliases == ()
    assert found.home.acronym == "STZA"
    assert not found.home_is_new
    # A name no run of the text holds (made from the minister's title) is looked up when
    # a rule asks for it.
    asked = found.organisations_named("Ministry of IT and Telecommunication")
    assert [o.name for o in asked] == [MINISTRY]
    assert found.organisations_named("Margalla Data Consortium") == []  # archived
    assert found.person("tariq banuri") == KnownPerson("Tariq Banuri", "Dr")
    assert found.person("nobody here") is None


def test_the_draft_is_the_one_every_record_loaded_would_give(session, settings):
    _stored(session)
    drafted = build_draft(session, TEXT, settings.model_copy(update={"home_organisation": HOME}))
    expected = extract(TEXT, _everything(session))
    for draft in (drafted, expected):
        for item in (*draft.organisations, *draft.people):
            item.match = None  # matching is the same either way; the reading is compared
        for person in draft.people:
            person.known_title, person.new_affiliation = None, False
    assert drafted.to_json() == expected.to_json()
    people = {p.name: p for p in drafted.people}
    assert people["Tariq Banuri"].honorific == "Dr"  # known, so a name without a title
    assert people["Shaza Fatima Khawaja"].organisation == MINISTRY


def test_our_organisation_not_on_record_is_made_up_and_comes_last(session):
    found = StoredGazetteer.for_text(session, "Margalla Zones Authority", "MZA met the PITB.")
    assert found.home_is_new
    assert found.home == KnownOrganisation("Margalla Zones Authority", "MZA")
    assert found.organisations[-1] == found.home
    assert found.organisations_named("MZA")[-1] == found.home


def test_word_runs():
    assert word_runs("a b c".split(), range(1, 3)) == {"a", "b", "c", "a b", "b c"}
