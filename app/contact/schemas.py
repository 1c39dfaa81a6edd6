"""The contact form."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from app.forms import (
    Blankable,
    Lines,
    Name,
    OptionalDate,
    OptionalInt,
    OptionalLongText,
    OptionalShortText,
)

# \Z, not $: "$" also matches before a final line break, and a CR or LF in an address
# becomes a header of its own in the e-mail or calendar file it is written into.
EMAIL = re.compile(r"^[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]+\Z")
PHONE = re.compile(r"^\+?[0-9 ()\-]{5,30}\Z")


def is_email(value: str) -> bool:
    """The one test of an e-mail address, whichever door it comes in by (forms, the API,
    imports, staff accounts), and before one is written into a mail or calendar file."""
    return len(value) <= 254 and EMAIL.match(value) is not None


def _lines(pattern: re.Pattern[str], what: str) -> AfterValidator:
    def check(items: list[str]) -> list[str]:
        bad = [item for item in items if not pattern.match(item)]
        if bad:
            raise ValueError(f"“{bad[0][:60]}” is not {what}")
        return list(dict.fromkeys(items))

    return AfterValidator(check)


class ContactForm(BaseModel):
    honorific: Blankable[Annotated[str, StringConstraints(max_length=40)]] = None
    full_name: Annotated[Name, Field(max_length=200)]
    emails: Annotated[Lines, _lines(EMAIL, "an e-mail address")] = []
    phones: Annotated[Lines, _lines(PHONE, "a phone number")] = []
    notes: OptionalLongText = None
    new_organisation: OptionalShortText = None
    new_title: OptionalShortText = None
    new_start_date: OptionalDate = None
    version: OptionalInt = None
