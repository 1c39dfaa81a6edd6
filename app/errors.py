"""Domain errors carry their own HTTP status; one set of handlers renders them as a page,
or as RFC 9457 problem details for the API."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Scope

from app.db import is_busy

log = logging.getLogger("engage")


class EngageError(Exception):
    status_code = 400
    title = "Bad request"

    def __init__(self, message: str, *, status_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if status_code is not None:
            self.status_code = status_code


class NotFound(EngageError):
    status_code = 404
    title = "Not found"


class Conflict(EngageError):
    status_code = 409
    title = "Conflict"


class PermissionDenied(EngageError):
    status_code = 403
    title = "Not allowed"


class FormInvalid(EngageError):
    """Carries one message per field; routes catch it and re-render the form as typed."""

    status_code = 422
    title = "Please correct the form"

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


STATUS_TITLES = {
    400: "Bad request",
    401: "Please sign in",
    403: "Not allowed",
    404: "Page not found",
    405: "Method not allowed",
    409: "Conflict",
    412: "Changed since you read it",
    413: "Too large",
    422: "Please correct the request",
    428: "Say which version you are changing",
    429: "Too many attempts",
    500: "Something went wrong",
    503: "Busy, try again",
}
# Seconds a client is asked to wait before trying a busy request again.
RETRY_AFTER = "5"


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_response(
    request: Request, status_code: int, message: str, *, extra: dict[str, Any] | None = None
) -> Response:
    title = STATUS_TITLES.get(status_code, "Error")
    if wants_json(request):
        body = {"type": "about:blank", "title": title, "status": status_code, "detail": message}
        body.update(extra or {})
        return JSONResponse(body, status_code=status_code, media_type="application/problem+json")
    from app.web import render

    return render(
        request,
        "errors/error.html",
        {"status_code": status_code, "title": title, "message": message},
        status_code=status_code,
    )


def busy_response(scope: Scope, reason: str) -> Response:
    """503 "busy, try again" with Retry-After: a wait for the database or for a turn
    ran out. Nothing the request would have changed was saved."""
    message = f"{reason} Nothing was changed; please try again in a few seconds."
    # Refused before routing (app.threads.PageSlots): the page's links need the router.
    scope.setdefault("router", scope["app"].router)
    response = error_response(Request(scope), 503, message)
    response.headers["Retry-After"] = RETRY_AFTER
    return response


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(EngageError)
    async def _engage_error(request: Request, exc: EngageError) -> Response:
        if exc.status_code == 401 and not wants_json(request):
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?{urlencode({'next': target})}", status_code=303)
        extra = getattr(exc, "problem_extra", None)
        if isinstance(exc, FormInvalid):
            extra = {"errors": [{"field": k, "message": v} for k, v in exc.errors.items()]}
        response = error_response(request, exc.status_code, exc.message, extra=extra)
        if exc.status_code == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="engage"'
        response.headers.update(getattr(exc, "headers", None) or {})
        return response

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        messages = {
            404: "There is no page at this address. It may have been moved or archived.",
            405: "This address does not accept that kind of request.",
        }
        message = messages.get(exc.status_code) or str(exc.detail)
        response = error_response(request, exc.status_code, message)
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        # The words the forms use (app.forms), so a rule refused through the API and
        # through a page reads the same.
        from app.forms import field_message

        problems = [
            {"field": ".".join(str(p) for p in err["loc"][1:]), "message": field_message(err)}
            for err in exc.errors()
        ]
        if any(err["loc"][:1] == ("path",) for err in exc.errors()):
            return error_response(request, 404, "There is no record at this address.")
        text = "; ".join(f"{p['field']}: {p['message']}" for p in problems)
        return error_response(request, 422, text, extra={"errors": problems})

    @app.exception_handler(IntegrityError)
    async def _integrity_error(request: Request, exc: IntegrityError) -> Response:
        from app.constraints import describe_integrity_error

        return error_response(request, 409, describe_integrity_error(exc))

    @app.exception_handler(OperationalError)
    @app.exception_handler(PoolTimeout)
    async def _database_error(request: Request, exc: Exception) -> Response:
        if is_busy(exc):
            log.warning("Busy on %s %s: %s", request.method, request.url.path, exc)
            return busy_response(request.scope, "The database is busy.")
        return await _unexpected(request, exc)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, _exc: Exception) -> Response:
        log.exception("Unhandled error on %s %s", request.method, request.url.path)
        return error_response(
            request, 500, "An unexpected error occurred. Nothing you submitted was saved."
        )
