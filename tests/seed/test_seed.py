"""The seed holds exactly what the two source texts say, and loads idempotently."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from app.commitment.models import Pledge
from app.contact.models import Affiliation, Contact
from app.meeting.models import Meeting, Participant, Presentation
from app.organisation.models import Organisation
from seed.loader import load_seed

SINDH = "stza-sindh-secretariat-working-meeting.txt"
MINISTER = "meet-the-minister-karachi.txt"


def meeting(session: Session, source: str) -> Meeting:
    return session.scalars(select(Meeting).where(Meeting.source_reference == source)).one()


def participants(session: Session, source: str) -> list[Participant]:
    stmt = (
        select(Participant)
        .join(Participant.meeting)
        .where(Meeting.source_reference == source)
        .options(
            joinedload(Participant.contact),
            joinedload(Participant.organisation),
            joinedload(Participant.affiliation),
        )
    )
    return list(session.scalars(stmt))


def person(parts: list[Participant], name: str) -> Participant:
    return next(p for p in parts if p.contact and p.contact.full_name == name)


class TestOrganisations:
    @pytest.mark.parametrize(
        ("name", "kind", "acronym"),
        [
            ("Special Technology Zones Authority", "public_authority", "STZA"),
            ("Government of Sindh", "provincial_government", None),
            (
                "Information, Science and Technology Department, Sindh",
                "provincial_government",
                "IST Sindh",
            ),
            ("Chief Minister's Office, Sindh", "provincial_government", None),
            (
                "Ministry of Information Technology and Telecommunication",
                "federal_government",
                "MoITT",
            ),
            ("Tech Destination Pakistan", "programme", None),
            ("Pakistan Software Houses Association", "industry_association", "PASHA"),
            ("Pakistan Freelancers Association", "industry_association", "PAFLA"),
            ("Ignite – National Technology Fund", "fund_or_investor", None),
        ],
    )
    def test_every_named_organisation_is_seeded(self, session, name, kind, acronym):
        org = session.scalars(select(Organisation).where(Organisation.name == name)).one()
        assert (org.kind, org.acronym) == (kind, acronym)

    def test_sindh_departments_sit_under_the_government_of_sindh(self, session):
        stmt = select(Organisation).options(joinedload(Organisation.parent))
        parents = {o.name: o.parent.name for o in session.scalars(stmt) if o.parent}
        assert parents == {
            "Information, Science and Technology Department, Sindh": "Government of Sindh",
            "Chief Minister's Office, Sindh": "Government of Sindh",
        }

    def test_inferred_fields_are_marked(self, session):
        ist = session.scalars(select(Organisation).where(Organisation.acronym == "IST Sindh")).one()
        assert set(ist.inferred_fields) == {"name", "parent"}

    def test_aliases_include_the_sindh_secretariat_and_p_at_sha(self, session):
        stmt = select(Organisation).options(joinedload(Organisation.aliases))
        aliases = {o.name: {a.alias for a in o.aliases} for o in session.scalars(stmt).unique()}
        assert "Sindh Secretariat" in aliases["Government of Sindh"]
        assert "P@SHA" in aliases["Pakistan Software Houses Association"]


class TestPeople:
    @pytest.mark.parametrize(
        ("name", "title", "organisation"),
        [
            ("Amer Hashmi", "Chairman", "Special Technology Zones Authority"),
            ("Javaid Iqbal", "Chief Commercial Officer", "Special Technology Zones Authority"),
            ("Sohail Rajput", "Chief Secretary Sindh", "Government of Sindh"),
            (
                "Asif Ikram",
                "Secretary, Information, Science and Technology",
                "Information, Science and Technology Department, Sindh",
            ),
            (
                "Tanzeela Umi Habiba",
                "Special Assistant to the Chief Minister on IT",
                "Chief Minister's Office, Sindh",
            ),
            (
                "Shaza Khawaja",
                "Minister for IT & Telecom",
                "Ministry of Information Technology and Telecommunication",
            ),
        ],
    )
    def test_title_belongs_to_an_affiliation(self, session, name, title, organisation):
        stmt = (
            select(Affiliation)
            .join(Affiliation.contact)
            .where(Contact.full_name == name)
            .options(joinedload(Affiliation.organisation))
        )
        affiliation = session.scalars(stmt).one()
        assert (affiliation.title, affiliation.organisation.name) == (title, organisation)

    def test_honorifics_are_kept_apart_from_names(self, session):
        rajput = session.scalars(select(Contact).where(Contact.full_name == "Sohail Rajput")).one()
        assert rajput.display_name == "Dr Sohail Rajput"


class TestSindhWorkingMeeting:
    def test_date_is_the_reported_one_and_unconfirmed(self, session):
        m = meeting(session, SINDH)
        assert m.date.isoformat() == "2022-06-22"
        assert m.date_confirmed is False
        assert "22 June 2022" in m.date_note
        assert (m.kind, m.venue, m.city, m.province) == (
            "working_meeting",
            "Sindh Secretariat",
            "Karachi",
            "sindh",
        )

    def test_sides_and_roles(self, session):
        parts = participants(session, SINDH)
        people = {p.contact.full_name: (p.side, p.role) for p in parts if p.contact}
        assert people == {
            "Amer Hashmi": ("ours", "led_delegation"),
            "Javaid Iqbal": ("ours", "presented"),
            "Sohail Rajput": ("counterpart", "led_delegation"),
            "Asif Ikram": ("counterpart", "attended"),
            "Tanzeela Umi Habiba": ("counterpart", "attended"),
        }
        orgs = {p.organisation.name: p.side for p in parts if p.contact is None}
        assert orgs == {
            "Special Technology Zones Authority": "ours",
            "Government of Sindh": "counterpart",
        }

    def test_participants_carry_the_title_of_the_day(self, session):
        parts = participants(session, SINDH)
        assert person(parts, "Sohail Rajput").affiliation.title == "Chief Secretary Sindh"
        assert person(parts, "Javaid Iqbal").affiliation.title == "Chief Commercial Officer"

    def test_javaid_iqbal_presented_the_innovation_clusters_strategy(self, session):
        stmt = (
            select(Presentation)
            .join(Presentation.meeting)
            .where(Meeting.source_reference == SINDH)
            .options(joinedload(Presentation.presenter))
        )
        presented = {
            p.title: p.presenter.full_name if p.presenter else None for p in session.scalars(stmt)
        }
        assert presented["Innovation Clusters Strategy"] == "Javaid Iqbal"
        assert "Recent technology investment potential in Sindh" in presented

    def test_source_text_is_kept(self, session):
        m = meeting(session, SINDH)
        assert m.source_text.startswith("A high-level delegation of the Special Technology Zones")
        assert "Tanzeela Umi Habiba" in m.source_text


class TestMeetTheMinister:
    def test_has_no_invented_date(self, session):
        m = meeting(session, MINISTER)
        assert m.date is None
        assert m.date_confirmed is False
        assert "recently" in m.date_note

    def test_channel_promotion_is_not_part_of_the_engagement(self, session):
        m = meeting(session, MINISTER)
        assert "WhatsApp" not in m.source_text
        assert m.source_text.endswith("employment for the country’s youth.")

    def test_all_participating_bodies_are_counterparts(self, session):
        orgs = {
            p.organisation.name: p.side
            for p in participants(session, MINISTER)
            if p.contact is None
        }
        assert orgs == dict.fromkeys(
            [
                "Ministry of Information Technology and Telecommunication",
                "Tech Destination Pakistan",
                "Pakistan Software Houses Association",
                "Pakistan Freelancers Association",
                "Ignite – National Technology Fund",
            ],
            "counterpart",
        )


def pledge_rows(session: Session) -> set[tuple[str, str | None, str | None, str]]:
    stmt = select(Pledge).options(
        joinedload(Pledge.maker_organisation),
        joinedload(Pledge.maker_contact),
        joinedload(Pledge.recipient_organisation),
        joinedload(Pledge.meeting),
    )
    return {
        (
            p.maker_organisation.acronym or p.maker_organisation.name,
            p.maker_contact.full_name if p.maker_contact else None,
            p.recipient_organisation.acronym or p.recipient_organisation.name
            if p.recipient_organisation
            else None,
            p.meeting.source_reference,
        )
        for p in session.scalars(stmt)
    }


def test_every_pledge_has_the_right_maker_and_recipient(session):
    assert pledge_rows(session) == {
        ("Government of Sindh", None, "STZA", SINDH),
        ("STZA", "Amer Hashmi", "Government of Sindh", SINDH),
        ("STZA", "Amer Hashmi", None, SINDH),
        ("MoITT", "Shaza Khawaja", None, MINISTER),
        ("Tech Destination Pakistan", None, None, MINISTER),
        ("PASHA", None, None, MINISTER),
        ("PAFLA", None, None, MINISTER),
        ("Ignite – National Technology Fund", None, None, MINISTER),
    }


def test_pledge_texts_follow_the_source(session):
    texts = {p.text for p in session.scalars(select(Pledge))}
    assert any("Full support and commitment to closely collaborating with STZA" in t for t in texts)
    assert "STZA's resolute support for launching Special Technology Zones in Sindh." in texts
    assert any("commitment to supporting the IT sector" in t for t in texts)


def test_seeding_twice_changes_nothing(session):
    tables = [Organisation, Contact, Affiliation, Meeting, Participant, Pledge, Presentation]
    before = {t.__name__: session.scalar(select(func.count()).select_from(t)) for t in tables}
    report = load_seed(session)
    after = {t.__name__: session.scalar(select(func.count()).select_from(t)) for t in tables}
    assert report.total == 0
    assert not session.dirty
    assert not session.new
    assert before == after
