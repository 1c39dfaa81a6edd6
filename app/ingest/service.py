"""From text to a draft matched against the database, and from the draft to the meeting
form staff confirm. Nothing here writes: saving is the meeting form's own save."""

from __future__ import annotations

import re

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import Settings
from app.contact.models import Affiliation
from app.ingest.draft import Draft, DraftPerson
from app.ingest.extract import extract
from app.ingest.gazetteer import Gazetteer, current_affiliations
from app.ingest.stored import StoredGazetteer
from app.matching import ContactMatcher, MatchKind, OrganisationMatcher, normalise
from app.meeting.form import BLANK_ROWS, FormState
from app.topic.models import Topic

TITLE_SIMILARITY = 80
ABBREVIATED_TITLE_WORDS = {"cm": "chief minister", "pm": "prime minister", "it": "it"}

KIND_BY_WORD = [
    ("Ministry", "federal_government"),
    ("Secretariat", "provincial_government"),
    ("Department", "provincial_government"),
    ("Government", "provincial_government"),
    ("University", "academia"),
    ("College", "academia"),
    ("Institute", "academia"),
    ("Association", "industry_association"),
    ("Chamber", "industry_association"),
    ("Council", "industry_association"),
    ("Fund", "fund_or_investor"),
    ("Bank", "development_partner"),
    ("Programme", "programme"),
    ("Program", "programme"),
    ("Authority", "public_authority"),
    ("Board", "public_authority"),
    ("Commission", "public_authority"),
    ("Limited", "company"),
    ("Ltd", "company"),
]


def build_draft(session: Session | None, text: str, settings: Settings) -> Draft:
    """The draft for `text`, matched against the database (or, without a session, read
    as if the database were empty)."""
    if session is None:
        return extract(text, Gazetteer.empty(settings.home_organisation))
    draft = extract(text, StoredGazetteer.for_text(session, settings.home_organisation, text))
    match_draft(session, draft)
    return draft


def draft_for_form(
    session: Session, text: str, settings: Settings, *, source_reference: str = ""
) -> tuple[Draft, FormState]:
    """What the /ingest page does with a text: the draft, matched, and the meeting form
    filled from it (python -m bench.ingest_speed times exactly this)."""
    draft = build_draft(session, text, settings)
    return draft, form_state(session, draft, source_reference=source_reference)


def comparable_title(title: str) -> str:
    words = normalise(title).split()
    words = [ABBREVIATED_TITLE_WORDS.get(w, w) for w in words]
    return " ".join(w for w in words if w not in {"of", "the", "honorable", "honourable"})


def similar_titles(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    return fuzz.token_set_ratio(comparable_title(a), comparable_title(b)) >= TITLE_SIMILARITY


def match_draft(session: Session, draft: Draft) -> None:
    orgs = OrganisationMatcher.from_database(session)
    for org in draft.organisations:
        match = orgs.match(org.name)
        if not match.found and org.acronym:
            match = orgs.match(org.acronym)
        org.match = match
    people = ContactMatcher.from_database(session)
    for person in draft.people:
        person.match = people.match(person.display_name)
    matched_ids = [p.match.id for p in draft.people if p.match and p.match.id]
    held = current_affiliations(session, matched_ids) if matched_ids else {}
    for person in draft.people:
        known = person.match.id if person.match else None
        _compare_titles(draft, person, held.get(known, []) if known is not None else [])


def _compare_titles(draft: Draft, person: DraftPerson, held: list[Affiliation]) -> None:
    """A matched person keeps their stored title where the text says much the same; a
    title that differs is offered as a new affiliation."""
    if person.match is None or not person.match.found:
        person.new_affiliation = bool(person.title)
        return
    same = next((a for a in held if similar_titles(a.title, person.title)), None)
    if same is None and not person.title and held:
        same = held[0]
    if same is not None:
        person.known_title = same.title
        # The stored affiliation says where the title is held (maybe a department the
        # text does not name): use it, so that confirming adds no second affiliation.
        person.organisation = (
            _draft_org_named(draft, same.organisation.name) or same.organisation.name
        )
        return
    person.new_affiliation = bool(person.title)


def _draft_org_named(draft: Draft, db_name: str) -> str | None:
    for org in draft.organisations:
        if org.match and org.match.name == db_name:
            return org.name
    return None


def organisation_name(draft: Draft, name: str | None) -> str:
    """The name to put in the form: the stored record's, when matched."""
    if not name:
        return ""
    org = draft.organisation(name)
    if org and org.match and org.match.found and org.match.name:
        return org.match.name
    return name


def guess_kind(name: str) -> str:
    words = set(re.findall(r"[A-Za-z]+", name))
    return next((kind for word, kind in KIND_BY_WORD if word in words), "company")


def form_state(session: Session, draft: Draft, *, source_reference: str = "") -> FormState:
    state = FormState(counts=dict(BLANK_ROWS))
    v = state.values
    v.update(
        title=draft.title[:300],
        kind=draft.kind,
        date=draft.date.isoformat() if draft.date else "",
        date_confirmed="1" if draft.date_confirmed else "",
        venue=draft.venue or "",
        city=draft.city or "",
        province=draft.province or "",
        status="held",
        source_text=draft.source_text,
        source_reference=source_reference,
    )
    if not draft.date:
        v["date_note"] = "The text gives no exact date."
    rows = _participant_rows(draft)
    for n, row in enumerate(rows):
        for key, value in row.items():
            v[f"participants-{n}-{key}"] = value
    for n, item in enumerate(draft.presentations):
        v[f"presentations-{n}-title"] = item.title[:300]
        v[f"presentations-{n}-presenter"] = _person_name(draft, item.presenter)
        v[f"presentations-{n}-organisation"] = organisation_name(draft, item.organisation)
    for n, pledge in enumerate(draft.pledges):
        v[f"pledges-{n}-maker"] = organisation_name(draft, pledge.maker)
        v[f"pledges-{n}-maker_contact"] = _person_name(draft, pledge.maker_person)
        v[f"pledges-{n}-recipient"] = organisation_name(draft, pledge.recipient)
        v[f"pledges-{n}-text"] = pledge.text[:5000]
        v[f"pledges-{n}-kind"] = pledge.kind
        # The form takes a day; "by December 2026" stays in the pledge's words, not a guessed day.
        if pledge.due and len(pledge.due) == len("2026-12-31"):
            v[f"pledges-{n}-due_date"] = pledge.due
    slugs = set(draft.topics)
    if slugs:
        state.topic_ids = [
            str(i) for i in session.scalars(select(Topic.id).where(Topic.slug.in_(slugs)))
        ]
    state.counts.update(
        participants=len(rows) + 1,
        presentations=len(draft.presentations) + 1,
        pledges=len(draft.pledges) + 1,
    )
    return state


def _person_name(draft: Draft, name: str | None) -> str:
    person = next((p for p in draft.people if p.name == name), None)
    if person is None:
        return ""
    if person.match and person.match.found and person.match.name:
        return person.match.name
    return person.display_name


def _participant_rows(draft: Draft) -> list[dict[str, str]]:
    rows = []
    with_people = {p.organisation for p in draft.people}
    for org in draft.organisations:
        if org.name not in with_people or org.role == "led_delegation":
            rows.append(_org_row(draft, org.name, org.side, org.role))
    for person in draft.people:
        row = _org_row(draft, person.organisation, person.side, person.role)
        row.update(
            contact=_person_name(draft, person.name),
            title=(person.known_title or person.title or "")[:300],
        )
        rows.append(row)
    return rows


def _org_row(draft: Draft, name: str | None, side: str, role: str) -> dict[str, str]:
    org = draft.organisation(name) if name else None
    row = {"organisation": organisation_name(draft, name), "side": side, "role": role}
    if org is not None and not (org.match and org.match.found):
        row["organisation_kind"] = guess_kind(org.name)
        if org.match and org.match.kind is MatchKind.fuzzy:
            row["create_new"] = ""
    return row
