"""Pure ASGI middleware: security headers, Secure cookies over HTTPS, request size limit."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


# Pages, exports, API answers and feeds hold the records of signed-in staff: neither the
# browser nor a proxy may keep a copy (one left on a shared computer could be read after
# sign-out through Back or the cache). Static assets are the same for everyone and stay
# cacheable.
NO_STORE = "no-store"
CACHEABLE_PREFIXES = ("/static/",)


class SecurityHeaders:
    """Adds the security headers to every response, `Cache-Control: no-store` to all but
    static assets, and marks cookies Secure when the request came over HTTPS (directly,
    or via a proxy that uvicorn trusts)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        https = scope.get("scheme") == "https"
        cacheable = scope["path"].startswith(CACHEABLE_PREFIXES)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    if name not in headers:
                        headers[name] = value
                if not cacheable:
                    headers["Cache-Control"] = NO_STORE
                if https:
                    cookies = headers.getlist("set-cookie")
                    del headers["set-cookie"]
                    for cookie in cookies:
                        secure = cookie if "secure" in cookie.lower() else f"{cookie}; secure"
                        headers.append("set-cookie", secure)
            await send(message)

        await self.app(scope, receive, send_with_headers)


class RequestSizeLimit:
    """Refuses bodies over `max_bytes` (413), by Content-Length or while streaming."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._too_large(scope, receive, send)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise RequestTooLarge
            return message

        try:
            await self.app(scope, counting_receive, send)
        except RequestTooLarge:
            await self._too_large(scope, receive, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        limit_mb = self.max_bytes / (1024 * 1024)
        response = PlainTextResponse(
            f"The upload is too large: the limit is {limit_mb:.0f} MB.", status_code=413
        )
        await response(scope, receive, send)


class RequestTooLarge(Exception):
    pass
