"""GET forms (a list's filters, a report's period) read the way a browser submits them.

A browser sends every control of a GET form, so a select left at "Any" arrives as
`?kind=` and an unticked box not at all. An empty value therefore means "any". A value
that cannot be read (a typed address, an old bookmark, `?who=everyone`) does not turn
the page into an error: that one filter is left out, and the page says so beside it.

Each page declares its form once, as a `QueryForm`, and takes it with
`Depends(query_form(TheForm))`.
"""

from __future__ import annotations

import enum
import functools
import typing
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Annotated, Any, TypeVar

from fastapi import Request
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from app.bounds import out_of_range
from app.forms import clean_text, field_message

Form = TypeVar("Form", bound="QueryForm")

# The errors of the request's GET forms, by field, for the page to show beside them.
FILTER_ERRORS = "filter_errors"


class QueryForm(BaseModel):
    """The fields of one GET form. Unknown parameters are ignored, as a page would."""

    model_config = ConfigDict(extra="ignore", frozen=True, use_enum_values=True)

    @field_validator("*")
    @classmethod
    def _no_number_beyond_any_record(cls, value: Any) -> Any:
        # An id no column can hold matches nothing, and the database would refuse it.
        items = value if isinstance(value, list) else [value]
        if any(isinstance(item, int) and out_of_range(item) for item in items):
            raise ValueError("there is no record with so large a number")
        return value

    def query_args(self) -> dict[str, Any]:
        """The chosen values, as links to this page carry them (nothing for "any")."""
        args: dict[str, Any] = {}
        for name in type(self).model_fields:
            value = getattr(self, name)
            if value is None or value is False or value == "" or value == []:
                continue
            if value is True:
                value = "1"
            elif isinstance(value, enum.Enum):
                value = value.value
            elif isinstance(value, date):
                value = value.isoformat()
            args[name] = value
        return args


class Paging(QueryForm):
    page: int = Field(1, ge=1, le=1_000_000)
    per_page: int = Field(25, ge=1, le=100)


def _is_list(annotation: Any) -> bool:
    if typing.get_origin(annotation) is Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (list, tuple, set):
        return True
    return any(_is_list(arg) for arg in typing.get_args(annotation) if arg is not type(None))


def _submitted(request: Request, fields: dict[str, bool]) -> dict[str, Any]:
    """What the browser sent for the form's fields (name: whether it is a multiple
    choice), with blanks left out."""
    values: dict[str, Any] = {}
    for name, multiple in fields.items():
        sent = [value.strip() for value in request.query_params.getlist(name)]
        sent = [value for value in sent if value]
        if not sent:
            continue
        # A repeated field is a multiple choice; otherwise the last value wins, as in
        # FastAPI's own query parameters (a hidden field and a control of one name).
        values[name] = sent if multiple else sent[-1]
    return values


def _read(form: type[Form], values: dict[str, Any]) -> tuple[Form, dict[str, str]]:
    errors: dict[str, str] = {}
    try:
        return form.model_validate(values), errors
    except ValidationError as exc:
        for error in exc.errors():
            name = str(error["loc"][0]) if error["loc"] else ""
            if name in values:
                errors.setdefault(name, f"{field_message(error)} This filter was left out.")
    # What could be read still applies; a value that could not be read is left out.
    kept = {name: value for name, value in values.items() if name not in errors}
    return form.model_validate(kept), errors


def _cleaned(values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, value in values.items():
        try:
            cleaned[name] = (
                [clean_text(item) for item in value]
                if isinstance(value, list)
                else clean_text(value)
            )
        except ValueError as exc:
            errors[name] = f"{str(exc).capitalize()}. This filter was left out."
    return cleaned, errors


@functools.cache
def query_form(form: type[Form]) -> Callable[[Request], Awaitable[Form]]:
    """A dependency reading `form` from the query string. Async on purpose: reading a few
    parameters needs no thread of its own. One per form, so that FastAPI reads a form
    once however many dependencies of a request ask for it."""

    fields = {name: _is_list(field.annotation) for name, field in form.model_fields.items()}

    async def read(request: Request) -> Form:
        values, errors = _cleaned(_submitted(request, fields))
        result, invalid = _read(form, values)
        shown: dict[str, str] = getattr(request.state, FILTER_ERRORS, {})
        setattr(request.state, FILTER_ERRORS, {**shown, **errors, **invalid})
        return result

    read.__name__ = f"read_{form.__name__}"
    return read
