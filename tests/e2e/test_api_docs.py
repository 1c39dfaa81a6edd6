"""/api/docs in a real browser: Swagger UI draws the API from the app's own copy, under the
app's Content-Security-Policy, and asks nothing of any other host."""

from __future__ import annotations

from urllib.parse import urlsplit


def test_swagger_ui_draws_the_api_offline(signed_in, live_server):
    page = signed_in
    outside: list[str] = []
    problems: list[str] = []
    page.on(
        "request",
        lambda r: (
            outside.append(r.url)
            if urlsplit(r.url).netloc != urlsplit(live_server).netloc
            and not r.url.startswith("data:")
            else None
        ),
    )
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto("/api/docs")
    page.locator(".opblock").first.wait_for()
    assert page.locator(".opblock").count() > 5
    assert outside == []
    assert not [p for p in problems if "Content Security Policy" in p], problems
