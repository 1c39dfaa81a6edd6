"""The organisation form."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, StringConstraints

from app.forms import (
    Blankable,
    Lines,
    Name,
    OptionalInt,
    OptionalLongText,
    OptionalScore,
    OptionalShortText,
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


def _aliases(names: list[str]) -> list[str]:
    if any(len(name) > 300 for name in names):
        raise ValueError("each alias must be at most 300 characters")
    return list(dict.fromkeys(names))


class OrganisationForm(BaseModel):
    name: Name
    acronym: Blankable[Annotated[str, StringConstraints(max_length=40)]] = None
    aliases: Annotated[Lines, AfterValidator(_aliases)] = []
    kind: OrganisationKind
    parent: OptionalShortText = None
    province: Blankable[Province] = None
    city: OptionalShortText = None
    website: Annotated[OptionalShortText, AfterValidator(web_address)] = None
    description: OptionalLongText = None
    influence: OptionalScore = None
    interest: OptionalScore = None
    stance: Blankable[Stance] = None
    owner_id: OptionalInt = None
    version: OptionalInt = None
    create_anyway: bool = False
