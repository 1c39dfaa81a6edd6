"""/api/docs works on a network without internet: Swagger UI is served by the app itself,
with no inline script (the Content-Security-Policy allows scripts from the app only)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

ATTRIBUTE_URLS = re.compile(r'(?:src|href|data-openapi-url)="([^"]+)"')


def test_docs_page_loads_everything_from_the_app(viewer_client):
    page = viewer_client.get("/api/docs")
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "<script>" not in page.text
    assert "<style" not in page.text
    own = urlsplit(str(page.url)).netloc
    for url in re.findall(r"https?://[^\s\"'<>]+", page.text):
        assert urlsplit(url).netloc == own, url
    assets = ATTRIBUTE_URLS.findall(page.text)
    assert any(a.endswith("/swagger-ui-bundle.js") for a in assets)
    assert any(a.endswith("/swagger-ui.css") for a in assets)
    assert any(a.endswith("/js/api-docs.js") for a in assets)
    for asset in assets:
        response = viewer_client.get(asset)
        assert response.status_code == 200, asset


def test_the_initializer_asks_for_no_outside_validator(viewer_client):
    script = viewer_client.get("/static/js/api-docs.js").text
    assert "validatorUrl: null" in script
    assert "SwaggerUIBundle" in script


def test_docs_page_needs_sign_in(anon_client):
    assert anon_client.get("/api/docs").status_code in (302, 303, 401)
