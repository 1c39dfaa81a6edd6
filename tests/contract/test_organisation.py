"""Each rule for organisations, through the edit form and through the API: the same bad
command is refused with the same words about the same field and writes nothing; the same
good command gives the same row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.organisation.models import Organisation
from tests.browser_forms import submit
from tests.contract.doors import api_refusal, api_write, everything, form_refusal, row

NEW, API = "/organisations/new", "/api/v1/organisations"
# The form asks for the parent by name; the command takes its id.
NAMES = {"parent": "parent_id"}
LOOKS_LIKE = (
    "“Pakistan Software Houses Assn” looks like “Pakistan Software Houses Association”, "
    "which already exists. Use that organisation, or tick “create anyway” if this is a "
    "different body."
)


def _org(session: Session, name: str) -> Organisation:
    stmt = select(Organisation).where(Organisation.name == name)
    return session.scalars(stmt.options(selectinload(Organisation.aliases))).one()


def _edit(session: Session, name: str) -> str:
    return f"/organisations/{_org(session, name).id}/edit"


def _api(session: Session, name: str) -> str:
    return f"{API}/{_org(session, name).id}"


@dataclass
class Rule:
    rule: str
    # session -> (the page whose form is filled, what is typed into it)
    form: Callable[[Session], tuple[str, dict[str, str]]]
    # session -> (method, url, JSON body)
    api: Callable[[Session], tuple[str, str, dict[str, Any]]]
    refusal: dict[str, str]


def _new(**typed: Any) -> Rule:
    """A rule about a new organisation: the same fields typed and sent."""
    body = {"name": "A New Body", "kind": "company", **typed}
    form = {k: "\n".join(v) if isinstance(v, list) else str(v) for k, v in body.items()}
    return Rule("", lambda _s: (NEW, form), lambda _s: ("POST", API, body), {})


def _rule(rule: str, base: Rule, refusal: dict[str, str]) -> Rule:
    return Rule(rule, base.form, base.api, refusal)


PASHA = "Pakistan Software Houses Association"
SINDH = "Government of Sindh"
IST = "Information, Science and Technology Department, Sindh"
RULES = [
    _rule("a name is required", _new(name=""), {"name": "This is required."}),
    _rule(
        "a name is unique whatever its case",
        _new(name="pakistan freelancers association"),
        {"name": "“Pakistan Freelancers Association” already exists (names ignore case)."},
    ),
    _rule(
        "a name like another's is asked about",
        _new(name="Pakistan Software Houses Assn"),
        {"name": LOOKS_LIKE},
    ),
    _rule(
        "a kind from the list", _new(kind="guild"), {"kind": "Choose one of the listed options."}
    ),
    _rule("an acronym is short", _new(acronym="A" * 41), {"acronym": "Use at most 40 characters."}),
    _rule(
        "a website is a web address",
        _new(website="javascript:alert(1)"),
        {"website": "Enter a web address starting with http:// or https://."},
    ),
    _rule(
        "an alias is a name, not a paragraph",
        _new(aliases=["x" * 301]),
        {"aliases": "Use at most 300 characters for each alias."},
    ),
    _rule("influence is 1 to 5", _new(influence=9), {"influence": "Enter a number from 1 to 5."}),
    _rule(
        "the owner is someone on record",
        _new(owner_id=99999),
        {"owner_id": "There is no user with id 99999."},
    ),
    Rule(
        "an organisation is not its own parent",
        lambda s: (_edit(s, PASHA), {"parent": "PASHA"}),
        lambda s: ("PATCH", _api(s, PASHA), {"parent_id": _org(s, PASHA).id}),
        {"parent_id": "An organisation cannot be its own parent."},
    ),
    Rule(
        "nor does it sit under a body that sits under it",
        lambda s: (_edit(s, SINDH), {"parent": IST}),
        lambda s: ("PATCH", _api(s, SINDH), {"parent_id": _org(s, IST).id}),
        {"parent_id": "This organisation is already above it: it cannot be its parent too."},
    ),
]


@pytest.mark.parametrize("rule", RULES, ids=[r.rule for r in RULES])
def test_the_same_refusal_through_the_form_and_the_api(client, api, session, rule):
    before = everything(session)
    page, typed = rule.form(session)
    which = {"action_ends": "/edit"} if page.endswith("/edit") else {"action_ends": NEW}
    assert form_refusal(client, page, typed, names=NAMES, **which) == rule.refusal
    assert everything(session) == before
    assert api_refusal(api, *rule.api(session)) == rule.refusal
    assert everything(session) == before


GOOD = {
    "name": "Karachi Chamber of Commerce and Industry",
    "acronym": "KCCI",
    "kind": "industry_association",
    "aliases": ["Karachi Chamber", "KCCI Karachi"],
    "province": "sindh",
    "city": "Karachi",
    "website": "https://kcci.com.pk",
    "description": "The city's chamber of commerce.",
    "influence": 4,
    "interest": 3,
    "stance": "supportive",
}


def _created(session: Session) -> tuple[dict[str, Any], list[str]]:
    org = _org(session, GOOD["name"])
    return row(org), sorted(a.alias for a in org.aliases)


def test_the_same_new_organisation_through_the_form_and_the_api(client, api, session):
    typed = {k: "\n".join(v) if isinstance(v, list) else str(v) for k, v in GOOD.items()}
    response = submit(client, NEW, action_ends=NEW, parent=SINDH, **typed)
    assert response.status_code == 303, response.text[:2000]
    session.expire_all()
    through_form = _created(session)
    assert through_form[0]["parent_id"] == _org(session, SINDH).id
    assert through_form[1] == ["KCCI Karachi", "Karachi Chamber"]
    # The first record set aside (renamed, its aliases dropped) so the same name is new.
    first = _org(session, GOOD["name"]).id
    # Through the ORM, so the stored name keys (app.matching) follow the change.
    set_aside = session.get(Organisation, first)
    session.refresh(set_aside, ["aliases"])
    set_aside.aliases = []
    set_aside.name = "Aside"
    session.flush()
    api_write(api, "POST", API, {**GOOD, "parent_id": _org(session, SINDH).id})
    session.expire_all()
    assert _created(session) == through_form


def test_the_same_change_through_the_form_and_the_api(client, api, session):
    """Two bodies alike but for their names, changed alike, one through each door."""
    from app.organisation.commands import OrganisationCreate, write_organisation

    first, second = (
        write_organisation(session, None, OrganisationCreate(name=name, kind="company"))
        for name in ("Alike Body One", "Alike Body Two")
    )
    change = {"city": "Hyderabad", "website": "https://alike.pk", "stance": "neutral"}
    done = submit(client, _edit(session, first.name), action_ends="/edit", parent=SINDH, **change)
    assert done.status_code == 303, done.text[:2000]
    body = {**change, "parent_id": _org(session, SINDH).id}
    api_write(api, "PATCH", f"{API}/{second.id}", body)
    session.expire_all()
    through_form, through_api = (
        row(session.get(Organisation, o.id), leave_out=["name"]) for o in (first, second)
    )
    assert through_form == through_api
    assert (through_form["city"], through_form["version"]) == ("Hyderabad", 2)
