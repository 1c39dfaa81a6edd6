"""Form input shared by every domain: cleaned, bounded text and friendly messages.

Domains declare their forms as Pydantic models using these types; `parse_form` turns
validation problems into one plain sentence per field, ready to show beside the field.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
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


def text_lines(value: Any) -> Any:
    """A text box of one entry a line (aliases, e-mail addresses): its non-blank lines,
    trimmed, the whole text held to LongText's bound first."""
    value = clean_text(value)
    if not isinstance(value, str):
        return value
    if len(value) > 50_000:
        raise ValueError("use at most 50,000 characters")
    return [line.strip() for line in value.splitlines() if line.strip()]


Lines = Annotated[list[str], BeforeValidator(text_lines)]

T = TypeVar("T")

# Input that may be left blank (the empty field, or the select's blank option), stored as
# NULL. Bounds belong on the inner type, `Blankable[Annotated[str, StringConstraints(...)]]`:
# a constraint on the whole optional type would be applied to None too, and fail.
Blankable = Annotated[T | None, BeforeValidator(blank_to_none)]

OptionalShortText = Blankable[Annotated[str, StringConstraints(max_length=300)]]
OptionalLongText = Blankable[Annotated[str, StringConstraints(max_length=50_000)]]
# An optional 1 to 5 score (influence, interest).
OptionalScore = Blankable[Annotated[int, Field(ge=1, le=5)]]
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
