"""What ingest proposes: a draft meeting, every part carrying the sentence it came from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from app.matching import Match


@dataclass
class DraftOrganisation:
    name: str
    acronym: str | None = None
    side: str = "counterpart"
    role: str = "attended"
    sentence: str = ""
    inferred: bool = False
    match: Match | None = None
    also: list[str] = field(default_factory=list)  # other names the text gives it

    @property
    def label(self) -> str:
        return self.acronym or self.name


@dataclass
class DraftPerson:
    name: str
    honorific: str | None = None
    title: str | None = None
    organisation: str | None = None  # a DraftOrganisation's name
    side: str = "counterpart"
    role: str = "attended"
    sentence: str = ""
    match: Match | None = None
    # Set by matching: the stored title held (None: the title is new for this person).
    known_title: str | None = None
    new_affiliation: bool = False

    @property
    def display_name(self) -> str:
        return f"{self.honorific} {self.name}" if self.honorific else self.name


@dataclass
class DraftPresentation:
    title: str
    presenter: str | None
    organisation: str | None
    sentence: str = ""


@dataclass
class DraftPledge:
    maker: str
    maker_person: str | None
    recipient: str | None
    text: str
    kind: str
    sentence: str = ""
    # When it is due, as much as the text states: "2026-12-15", "2026-12" or "2026".
    due: str | None = None


@dataclass
class Draft:
    title: str = ""
    kind: str = "working_meeting"
    date: date | None = None
    date_confirmed: bool = False
    date_sentence: str = ""
    venue: str | None = None
    city: str | None = None
    province: str | None = None
    organisations: list[DraftOrganisation] = field(default_factory=list)
    people: list[DraftPerson] = field(default_factory=list)
    presentations: list[DraftPresentation] = field(default_factory=list)
    pledges: list[DraftPledge] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)  # topic slugs
    source_text: str = ""

    def organisation(self, name: str | None) -> DraftOrganisation | None:
        return next((o for o in self.organisations if o.name == name), None)

    def to_json(self) -> dict[str, Any]:
        def plain(value: Any) -> Any:
            if isinstance(value, Match):
                return {"kind": value.kind.value, "id": value.id, "name": value.name}
            if isinstance(value, date):
                return value.isoformat()
            if isinstance(value, dict):
                return {k: plain(v) for k, v in value.items()}
            if isinstance(value, list):
                return [plain(v) for v in value]
            return value

        data = asdict(self)
        # asdict copies Match as a dict already; restore the readable form.
        groups: tuple[tuple[str, Sequence[DraftOrganisation | DraftPerson]], ...] = (
            ("organisations", self.organisations),
            ("people", self.people),
        )
        for group, items in groups:
            for row, item in zip(data[group], items, strict=True):
                row["match"] = plain(item.match) if item.match else None
        data.pop("source_text")
        shown: dict[str, Any] = plain(data)
        return shown
