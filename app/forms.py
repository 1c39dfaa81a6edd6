"""Form input shared by every domain: cleaned, bounded text and friendly messages.

Domains declare their forms as Pydantic models using these types; `parse_form` turns
validation problems into one plain sentence per field, ready to show beside the field.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from enum import Enum
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, Field, StringConstraints, ValidationError

from app.errors import FormInvalid

Model = TypeVar("Model", bound=BaseModel)


def clean_text(value: Any) -> Any:
    """Trim, normalise line endings, and refuse NUL characters, which PostgreSQL cannot
    store and no person types."""
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("contains a NUL character, which cannot be stored")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ValueError("contains characters that are not valid text") from exc
        return value.replace("\r\n", "\n").strip()
    return value


def blank_to_none(value: Any) -> Any:
    value = clean_text(value)
    return None if value == "" else value


_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")


def day_first_date(value: Any) -> Any:
    """Dates typed as staff in Pakistan write them (15/12/2026, 15.12.2026, 15-12-2026)
    as well as the ISO form a date control sends (2026-12-15)."""
    if isinstance(value, str) and (match := _DAY_FIRST.match(value.strip())):
        day, month, year = (int(part) for part in match.groups())
        try:
            return date(year, month, day)
        except ValueError as exc:
            raise ValueError(f"there is no day {value.strip()}") from exc
    return value


Name = Annotated[str, BeforeValidator(clean_text), StringConstraints(min_length=1, max_length=300)]
ShortText = Annotated[str, BeforeValidator(clean_text), StringConstraints(max_length=300)]
LongText = Annotated[str, BeforeValidator(clean_text), StringConstraints(max_length=50_000)]


def optional_text(max_length: int) -> Any:
    """Text that may be left blank (stored as NULL), at most `max_length` characters.
    The length applies to the text only: a constraint on the whole optional type would
    be applied to None too, and fail."""
    return Annotated[
        Annotated[str, StringConstraints(max_length=max_length)] | None,
        BeforeValidator(blank_to_none),
    ]


def optional_number(low: int, high: int) -> Any:
    """A whole number from `low` to `high` that may be left at the form's blank choice.
    The bounds apply to the number only (on the whole optional type they fail on None)."""
    return Annotated[Annotated[int, Field(ge=low, le=high)] | None, BeforeValidator(blank_to_none)]


def optional_choice(choices: type[Enum]) -> Any:
    """One of `choices`, or nothing when the select is left at its blank option."""
    return Annotated[choices | None, BeforeValidator(blank_to_none)]


OptionalShortText = optional_text(300)
OptionalLongText = optional_text(50_000)
OptionalDate = Annotated[
    date | None, BeforeValidator(day_first_date), BeforeValidator(blank_to_none)
]
TypedDate = Annotated[date, BeforeValidator(day_first_date)]
OptionalInt = Annotated[int | None, BeforeValidator(blank_to_none)]


def field_message(error: Mapping[str, Any]) -> str:
    kind, ctx = error["type"], error.get("ctx", {})
    if kind in ("string_too_long", "too_long"):
        return f"Use at most {ctx['max_length']:,} characters."
    if kind in ("string_too_short", "too_short", "missing"):
        return "This is required."
    if kind.startswith("date"):
        return "Enter a date such as 15/12/2026."
    if kind.startswith("int"):
        return "Enter a whole number."
    if kind in ("less_than_equal", "greater_than_equal"):
        return f"Enter a number from {ctx.get('ge', 1)} to {ctx.get('le', 5)}."
    if kind in ("enum", "literal_error"):
        return "Choose one of the listed options."
    if kind == "value_error":
        text = str(ctx.get("error", error["msg"])).rstrip(".")
        return text[:1].upper() + text[1:] + "."
    return str(error["msg"])


def form_errors(exc: ValidationError) -> dict[str, str]:
    errors: dict[str, str] = {}
    for error in exc.errors():
        name = ".".join(str(part) for part in error["loc"]) or "form"
        errors.setdefault(name, field_message(error))
    return errors


def parse_form(model: type[Model], data: Mapping[str, Any]) -> Model:
    """Validate submitted data, raising FormInvalid with one message per field."""
    try:
        return model.model_validate(dict(data))
    except ValidationError as exc:
        raise FormInvalid(form_errors(exc)) from exc


def command_from_form(
    model: type[Model],
    data: Mapping[str, Any],
    *,
    names: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
) -> Model:
    """The command a form's adapter built, validated as the API validates it. Problems are
    keyed by the form's own fields (`names` maps a command field such as parent_id to the
    form field parent where a person typed a name); `errors` the adapter found already
    (a name it could not turn into a record) come first."""
    found = dict(errors or {})
    try:
        command = model.model_validate(dict(data))
    except ValidationError as exc:
        for field, message in form_errors(exc).items():
            found.setdefault((names or {}).get(field, field), message)
    if found:
        raise FormInvalid(found)
    return command


@contextmanager
def form_fields(names: Mapping[str, str]) -> Iterator[None]:
    """A service's refusal shown beside the form field that holds the value it refused."""
    try:
        yield
    except FormInvalid as exc:
        raise type(exc)({names.get(k, k): v for k, v in exc.errors.items()}) from exc
