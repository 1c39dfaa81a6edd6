"""The contact form."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field

from app.forms import (
    LongText,
    Name,
    OptionalDate,
    OptionalInt,
    OptionalLongText,
    OptionalShortText,
    optional_text,
)

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^\+?[0-9 ()\-]{5,30}$")


def _lines(pattern: re.Pattern[str], what: str):  # type: ignore[no-untyped-def]
    def check(value: str) -> list[str]:
        items = [line.strip() for line in value.splitlines() if line.strip()]
        bad = [item for item in items if not pattern.match(item)]
        if bad:
            raise ValueError(f"“{bad[0][:60]}” is not {what}")
        return list(dict.fromkeys(items))

    return AfterValidator(check)


class ContactForm(BaseModel):
    honorific: optional_text(40) = None
    full_name: Annotated[Name, Field(max_length=200)]
    emails: Annotated[LongText, _lines(EMAIL, "an e-mail address")] = []  # type: ignore[assignment]
    phones: Annotated[LongText, _lines(PHONE, "a phone number")] = []  # type: ignore[assignment]
    notes: OptionalLongText = None
    new_organisation: OptionalShortText = None
    new_title: OptionalShortText = None
    new_start_date: OptionalDate = None
    version: OptionalInt = None
