"""The one form that logs (or edits) a meeting with everything that came out of it.

Repeating rows are named `<group>-<n>-<field>`, the command's `<group>.<n>.<field>`
(app.meeting.commands). Parsing never touches the database; `resolve` then matches typed
organisation and contact names to records (app.matching), asks about look-alikes, and
collects every problem so the form can come back with each message beside its field. What
it returns is the fields of a meeting command, naming records by id or create spec.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time
from enum import Enum
from typing import Any

from app.commitment.models import Channel, PledgeKind, Priority
from app.commitment.recipients import means_all_stakeholders
from app.errors import FormInvalid
from app.forms import clean_text, day_first_date
from app.matching import (
    HONORIFICS,
    ContactMatcher,
    MatchKind,
    OrganisationMatcher,
    normalise,
    person_key,
)
from app.meeting.commands import NewContact, NewOrganisation
from app.meeting.models import MeetingKind, MeetingStatus, ParticipantRole, Side
from app.meeting.service import rule_problems
from app.organisation.models import OrganisationKind, Province

GROUPS = {
    "participants": (
        "organisation",
        "organisation_kind",
        "organisation_acronym",
        "organisation_aliases",
        "contact",
        "title",
        "side",
        "role",
        "create_new",
    ),
    "presentations": ("title", "presenter", "organisation", "topic_id"),
    "pledges": ("maker", "maker_contact", "recipient", "text", "kind", "due_date"),
    "actions": ("text", "owner_id", "due_date", "priority"),
    "follow_ups": ("organisation", "contact", "due_date", "channel", "purpose"),
}
BLANK_ROWS = {"participants": 3, "presentations": 1, "pledges": 2, "actions": 2, "follow_ups": 1}
MAX_ROWS = 60
LIMITS = {
    "title": 300,
    "venue": 300,
    "city": 120,
    "summary": 50_000,
    "minutes": 50_000,
    "text": 5_000,
    "purpose": 5_000,
    "organisation": 300,
    "contact": 200,
    "maker": 300,
    "maker_contact": 200,
    "recipient": 300,
    "presenter": 200,
    "source_text": 100_000,
    "source_reference": 500,
    "date_note": 300,
    "organisation_acronym": 40,
    "organisation_aliases": 2_000,
}
PROVENANCE_FIELDS = ("source_text", "source_reference", "date_note")


@dataclass
class FormState:
    """Everything typed, kept as text so the form can always be shown again as typed."""

    values: dict[str, str] = field(default_factory=dict)
    topic_ids: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: dict(BLANK_ROWS))
    errors: dict[str, str] = field(default_factory=dict)
    warnings: dict[str, str] = field(default_factory=dict)
    # field -> the name on record a look-alike warning offers to use instead
    suggestions: dict[str, str] = field(default_factory=dict)

    def get(self, name: str, default: str = "") -> str:
        return self.values.get(name, default)

    def row(self, group: str, n: int, name: str) -> str:
        return self.values.get(f"{group}-{n}-{name}", "")

    def row_has_input(self, group: str, n: int) -> bool:
        ignore = {"side", "role", "kind", "priority", "channel", "organisation_kind"}
        return any(self.row(group, n, f) for f in GROUPS[group] if f not in ignore)


def read_state(form: Mapping[str, Any], topic_ids: list[str]) -> FormState:
    state = FormState(topic_ids=[t for t in topic_ids if t.isdigit()])
    for key, value in form.items():
        if isinstance(value, str) and key != "csrf_token":
            state.values[key] = value
    for group in GROUPS:
        submitted = _int(form.get(f"{group}_rows"), BLANK_ROWS[group])
        state.counts[group] = max(1, min(submitted, MAX_ROWS))
    return state


def _int(value: Any, default: int) -> int:
    return int(value) if isinstance(value, str) and value.isdigit() else default


# ---- from text to a command's fields ----------------------------------------------

OrgRef = int | NewOrganisation
PersonRef = int | NewContact


def _split_honorific(name: str) -> tuple[str | None, str]:
    """The same honorifics as matching ignores (app.matching.keys), one list for both."""
    first, _, rest = name.partition(" ")
    if normalise(first) in HONORIFICS and rest:
        return first.rstrip("."), rest.strip()
    return None, name


class _Reader:
    """Reads one submitted form, collecting errors instead of stopping at the first."""

    def __init__(
        self,
        state: FormState,
        orgs: OrganisationMatcher,
        people: ContactMatcher,
    ) -> None:
        self.state, self.orgs, self.people = state, orgs, people
        self.errors: dict[str, str] = {}
        self.warnings: dict[str, str] = {}
        self.suggestions: dict[str, str] = {}
        # Organisations and people new to this form, so later rows name the same spec.
        self.new_orgs: dict[str, NewOrganisation] = {}
        self.new_people: dict[str, NewContact] = {}

    def text(
        self, name: str, *, required: bool = False, limit_key: str | None = None
    ) -> str | None:
        raw = self.state.get(name)
        try:
            value = clean_text(raw)
        except ValueError as exc:
            message = str(exc)
            self.errors[name] = f"{message[:1].upper()}{message[1:]}."
            return None
        limit = LIMITS.get(limit_key or name.rsplit("-", 1)[-1], 300)
        if len(value) > limit:
            self.errors[name] = f"Use at most {limit:,} characters."
        elif required and not value:
            self.errors[name] = "This is required."
        return value or None

    def choice(self, name: str, allowed: type[Enum], default: str | None = None) -> str | None:
        value = self.state.get(name) or default
        if value is None or value == "":
            return None
        if value not in {m.value for m in allowed}:
            self.errors[name] = "Choose one of the listed options."
            return None
        return value

    def day(self, name: str, *, required: bool = False) -> date | None:
        raw = self.state.get(name).strip()
        if not raw:
            if required:
                self.errors[name] = "Enter a date."
            return None
        try:
            typed = day_first_date(raw)
            return typed if isinstance(typed, date) else date.fromisoformat(raw)
        except ValueError:
            self.errors[name] = "Enter a date such as 15/12/2026."
            return None

    def clock(self, name: str) -> time | None:
        raw = self.state.get(name).strip()
        if not raw:
            return None
        try:
            value = time.fromisoformat(raw)
        except ValueError:
            value = None
        if value is None or value.tzinfo is not None:  # local time: no offset
            self.errors[name] = "Enter a time as HH:MM."
            return None
        return value

    def number(self, name: str, message: str) -> int | None:
        raw = self.state.get(name)
        if not raw:
            return None
        if not raw.isdigit() or len(raw) > 9:
            self.errors[name] = message
            return None
        return int(raw)

    def user(self, name: str) -> int | None:
        return self.number(name, "Choose a member of staff from the list.")

    def organisation(
        self,
        name: str,
        *,
        kind_field: str | None = None,
        allow_new_field: str | None = None,
        new_names_prefix: str | None = None,
    ) -> OrgRef | None:
        """`new_names_prefix`: the row whose "-organisation_acronym" and
        "-organisation_aliases" fields name a new organisation's acronym and other names."""
        typed = self.text(name, limit_key="organisation")
        if not typed or name in self.errors:  # too long to be a name
            return None
        if (created := self.new_orgs.get(normalise(typed))) is not None:
            return created
        match = self.orgs.match(typed)
        if match.kind is MatchKind.fuzzy and not (
            allow_new_field and self.state.get(allow_new_field)
        ):
            self.suggestions[name] = match.name or ""
            self.warnings[name] = (
                f"This looks like “{match.name}”, which already exists. Type that "
                "name to use it, or tick “create as new” to add a new one."
            )
            self.errors.setdefault(name, "Please confirm: existing or new organisation?")
            return None
        if match.found and match.kind is not MatchKind.fuzzy:
            return match.id
        if kind_field is None:
            self.errors[name] = (
                "There is no organisation of that name; add it as a participant first."
            )
            return None
        kind = self.choice(kind_field, OrganisationKind)
        if kind is None:
            self.errors.setdefault(kind_field, "Choose the kind of the new organisation.")
            # The form comes back for the kind; meanwhile later rows naming it are not
            # told that it does not exist.
            kind = OrganisationKind.company.value
        acronym = aliases = None
        if new_names_prefix is not None:
            acronym = self.text(f"{new_names_prefix}-organisation_acronym")
            typed_aliases = self.text(f"{new_names_prefix}-organisation_aliases") or ""
            aliases = tuple(a for a in (" ".join(p.split()) for p in typed_aliases.split(",")) if a)
        created = NewOrganisation(
            name=typed, kind=OrganisationKind(kind), acronym=acronym, aliases=aliases or ()
        )
        # Known by every name given for it in the rest of the form: a pledge "made by
        # PITB" after a participant row adding the board with that acronym was refused.
        for known_as in (typed, acronym, *(aliases or ())):
            if known_as:
                self.new_orgs.setdefault(normalise(known_as), created)
        return created

    def contact(self, name: str) -> PersonRef | None:
        typed = self.text(name, limit_key="contact")
        if not typed or name in self.errors:
            return None
        match = self.people.match(typed)
        if match.id:
            return match.id
        honorific, full_name = _split_honorific(typed)
        return self.new_people.setdefault(
            person_key(typed), NewContact(full_name=full_name, honorific=honorific)
        )


def resolve(
    state: FormState,
    orgs: OrganisationMatcher,
    people: ContactMatcher,
    *,
    follow_up_owner: int | None,
) -> dict[str, Any]:
    """The fields of a meeting command, or FormInvalid with a message beside each field."""
    r = _Reader(state, orgs, people)
    fields: dict[str, Any] = {
        "title": r.text("title", required=True),
        "kind": r.choice("kind", MeetingKind, MeetingKind.working_meeting.value),
        "date": r.day("date"),
        "date_confirmed": bool(state.get("date_confirmed")),
        "start_time": r.clock("start_time"),
        "end_time": r.clock("end_time"),
        "venue": r.text("venue"),
        "city": r.text("city"),
        "province": r.choice("province", Province),
        "status": r.choice("status", MeetingStatus, MeetingStatus.held.value),
        "lead_id": r.user("lead_id"),
        "summary": r.text("summary"),
        "minutes": r.text("minutes"),
        "topic_ids": [int(t) for t in state.topic_ids],
    }
    # Provenance travels with a form filled from a text (ingest); an ordinary edit form
    # does not carry these fields and so leaves the stored ones untouched.
    for name in PROVENANCE_FIELDS:
        if name in state.values:
            fields[name] = r.text(name)
    fields["participants"] = [_participant(r, n) for n in _rows(state, "participants")]
    fields["presentations"] = [
        {
            "title": r.text(f"presentations-{n}-title", required=True),
            "presenter": r.contact(f"presentations-{n}-presenter"),
            "organisation": r.organisation(f"presentations-{n}-organisation"),
            "topic_id": r.number(f"presentations-{n}-topic_id", "Choose a listed topic."),
        }
        for n in _rows(state, "presentations")
    ]
    fields["pledges"] = [
        {
            "maker": _required(r, f"pledges-{n}-maker", r.organisation(f"pledges-{n}-maker")),
            "maker_contact": r.contact(f"pledges-{n}-maker_contact"),
            **_recipient(r, f"pledges-{n}-recipient"),
            "text": r.text(f"pledges-{n}-text", required=True),
            "kind": r.choice(f"pledges-{n}-kind", PledgeKind, PledgeKind.support.value),
            "due_date": r.day(f"pledges-{n}-due_date"),
        }
        for n in _rows(state, "pledges")
    ]
    fields["actions"] = [
        {
            "text": r.text(f"actions-{n}-text", required=True),
            "owner_id": r.user(f"actions-{n}-owner_id"),
            "due_date": r.day(f"actions-{n}-due_date"),
            "priority": r.choice(f"actions-{n}-priority", Priority, Priority.normal.value),
        }
        for n in _rows(state, "actions")
    ]
    fields["follow_ups"] = [_follow_up(r, n, follow_up_owner) for n in _rows(state, "follow_ups")]
    if r.errors:
        # What the meeting's rules would refuse as well, so that every problem shows at once.
        for path, message in rule_problems(fields).items():
            r.errors.setdefault(form_field(path), message)
        state.errors, state.warnings, state.suggestions = r.errors, r.warnings, r.suggestions
        raise FormInvalid(r.errors)
    return fields


def form_field(path: str) -> str:
    """The form's name for a command's field: `pledges.0.maker` is `pledges-0-maker`."""
    parts = path.split(".")
    if parts[0] in GROUPS and len(parts) >= 3:
        return "-".join(parts[:3])
    return parts[0]


def _rows(state: FormState, group: str) -> list[int]:
    return [n for n in range(state.counts[group]) if state.row_has_input(group, n)]


def _required(r: _Reader, name: str, value: OrgRef | None) -> OrgRef | None:
    if value is None:
        r.errors.setdefault(name, "This is required.")
    return value


def _participant(r: _Reader, n: int) -> dict[str, Any]:
    prefix = f"participants-{n}"
    return {
        "organisation": r.organisation(
            f"{prefix}-organisation",
            kind_field=f"{prefix}-organisation_kind",
            allow_new_field=f"{prefix}-create_new",
            new_names_prefix=prefix,
        ),
        "contact": r.contact(f"{prefix}-contact"),
        "title": r.text(f"{prefix}-title"),
        "side": r.choice(f"{prefix}-side", Side, Side.counterpart.value),
        "role": r.choice(f"{prefix}-role", ParticipantRole, ParticipantRole.attended.value),
    }


def _recipient(r: _Reader, name: str) -> dict[str, Any]:
    """ "All stakeholders" typed in the field is everyone, not an organisation of that name."""
    if means_all_stakeholders(r.text(name)):
        return {"recipient": None, "to_all_stakeholders": True}
    return {"recipient": r.organisation(name), "to_all_stakeholders": False}


def _follow_up(r: _Reader, n: int, owner: int | None) -> dict[str, Any]:
    prefix = f"follow_ups-{n}"
    return {
        "organisation": r.organisation(f"{prefix}-organisation"),
        "contact": r.contact(f"{prefix}-contact"),
        "due_date": r.day(f"{prefix}-due_date", required=True),
        "channel": r.choice(f"{prefix}-channel", Channel, Channel.meeting.value),
        "purpose": r.text(f"{prefix}-purpose", required=True),
        "owner_id": owner,
    }
