"""The organisation form."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel

from app.forms import (
    LongText,
    Name,
    OptionalInt,
    OptionalLongText,
    OptionalShortText,
    optional_choice,
    optional_number,
    optional_text,
)
from app.organisation.models import OrganisationKind, Province, Stance


def web_address(value: str | None) -> str | None:
    """The one test of a website, whichever door it comes in by (form, API, import)."""
    if value is None:
        return None
    parts = urlsplit(value)
    if (
        parts.scheme not in ("http", "https")
        or not parts.netloc
        or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in value)
    ):
        raise ValueError("enter a web address starting with http:// or https://")
    return value


def _aliases(value: str) -> list[str]:
    names = [line.strip() for line in value.splitlines() if line.strip()]
    if any(len(name) > 300 for name in names):
        raise ValueError("each alias must be at most 300 characters")
    return list(dict.fromkeys(names))


class OrganisationForm(BaseModel):
    name: Name
    acronym: optional_text(40) = None
    aliases: Annotated[LongText, AfterValidator(_aliases)] = []  # type: ignore[assignment]
    kind: OrganisationKind
    parent: OptionalShortText = None
    province: optional_choice(Province) = None
    city: OptionalShortText = None
    website: Annotated[OptionalShortText, AfterValidator(web_address)] = None
    description: OptionalLongText = None
    influence: optional_number(1, 5) = None
    interest: optional_number(1, 5) = None
    stance: optional_choice(Stance) = None
    owner_id: OptionalInt = None
    version: OptionalInt = None
    create_anyway: bool = False
