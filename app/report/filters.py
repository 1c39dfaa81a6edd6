"""What a report covers: a period and optional filters, parsed once for the page, the
files and the command line."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from pydantic import Field

from app.errors import EngageError
from app.filtering import QueryForm
from app.forms import TypedDate
from app.meeting.models import MeetingKind
from app.organisation.models import OrganisationKind, Province

PRESETS = {
    "this_quarter": "This quarter",
    "last_quarter": "Last quarter",
    "year_to_date": "Year to date",
}


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def preset_period(preset: str, today: date) -> tuple[date, date]:
    if preset == "this_quarter":
        start = quarter_start(today)
        return start, quarter_start(start + timedelta(days=95)) - timedelta(days=1)
    if preset == "last_quarter":
        end = quarter_start(today) - timedelta(days=1)
        return quarter_start(end), end
    if preset == "year_to_date":
        return date(today.year, 1, 1), today
    raise EngageError(f"Unknown period “{preset}”.", status_code=422)


@dataclass(frozen=True)
class ReportFilters:
    start: date
    end: date
    organisation_ids: tuple[int, ...] = ()
    organisation_kind: str | None = None
    province: str | None = None
    topic_id: int | None = None
    lead_id: int | None = None
    meeting_kind: str | None = None
    labels: dict[str, str] = field(default_factory=dict, compare=False)

    def query_args(self) -> dict[str, Any]:
        args: dict[str, Any] = {"start": self.start.isoformat(), "end": self.end.isoformat()}
        optional = {
            "organisation_kind": self.organisation_kind,
            "province": self.province,
            "topic": self.topic_id,
            "lead": self.lead_id,
            "meeting_kind": self.meeting_kind,
        }
        args.update({k: v for k, v in optional.items() if v})
        if self.organisation_ids:
            args["organisation"] = list(self.organisation_ids)
        return args

    def describe(self) -> list[tuple[str, str]]:
        """The filters in words, for the cover of the printed report."""
        rows = [("Period", f"{self.start:%-d %B %Y} to {self.end:%-d %B %Y}")]
        if self.organisation_kind:
            rows.append(("Organisation kind", OrganisationKind(self.organisation_kind).label))
        if self.province:
            rows.append(("Province or region", Province(self.province).label))
        rows.extend((name, value) for name, value in self.labels.items())
        return rows


class ReportQuery(QueryForm):
    """The report page's form. `shown` is the period the page showed when the form was
    drawn: dates that differ from it were typed by the user and win over the Period
    choice, which otherwise still holds the preset the page showed."""

    preset: Literal["this_quarter", "last_quarter", "year_to_date"] | None = None
    start: TypedDate | None = None
    end: TypedDate | None = None
    shown: str | None = Field(None, max_length=30)
    organisation: list[int] = []
    organisation_kind: OrganisationKind | None = None
    province: Province | None = None
    topic: int | None = None
    lead: int | None = None
    meeting_kind: MeetingKind | None = None

    def chosen_preset(self) -> str | None:
        typed = f"{self.start}..{self.end}" if self.start and self.end else None
        if self.preset and typed and self.shown and typed != self.shown:
            return None
        return self.preset


def parse_filters(
    *,
    start: date | None,
    end: date | None,
    preset: str | None,
    today: date,
    organisation_ids: list[int] | None = None,
    organisation_kind: str | None = None,
    province: str | None = None,
    topic_id: int | None = None,
    lead_id: int | None = None,
    meeting_kind: str | None = None,
) -> ReportFilters:
    if preset:
        start, end = preset_period(preset, today)
    start = start or preset_period("this_quarter", today)[0]
    end = end or today
    if end < start:
        raise EngageError("The period ends before it starts.", status_code=422)
    if (end - start).days > 366 * 20:
        raise EngageError("Choose a period of at most twenty years.", status_code=422)
    return ReportFilters(
        start,
        end,
        tuple(organisation_ids or ()),
        organisation_kind,
        province,
        topic_id,
        lead_id,
        meeting_kind,
    )
