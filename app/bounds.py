"""Addresses no route should have to think about, refused once for every route.

- An id in the path beyond what an id column holds (2^31 - 1 on PostgreSQL's integer;
  SQLite overflows at 2^63) names a record that cannot exist: 404, before any query runs
  (otherwise the database refuses the number and the page is a server error).
- A NUL character in the query string cannot be stored or searched for by PostgreSQL:
  400 with a message, whichever parameter carries it.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from fastapi import Request

from app.errors import EngageError, NotFound

# The largest id an id column holds on every engine (PostgreSQL's integer).
MAX_ID = 2**31 - 1


def out_of_range(value: object) -> bool:
    """True for a number (or a number typed as text) no id column can hold."""
    if isinstance(value, bool):
        return False
    if isinstance(value, str):
        try:
            value = Decimal(value.strip().replace("_", ""))
        except InvalidOperation:
            return False
    if isinstance(value, Decimal) and not value.is_finite():
        return False
    return isinstance(value, int | Decimal) and not -MAX_ID <= value <= MAX_ID


async def bounded_address(request: Request) -> None:
    """An app-wide dependency: see the module's docstring."""
    if any("\x00" in key or "\x00" in value for key, value in request.query_params.multi_items()):
        raise EngageError(
            "The address contains a NUL character, which cannot be searched for or stored. "
            "Remove it and try again."
        )
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    for field in getattr(dependant, "path_params", ()):
        if field.field_info.annotation is int and out_of_range(
            request.path_params.get(field.name, "")
        ):
            raise NotFound("There is no record at this address.")
