"""The one test of a website (the organisation commands, import's preview)."""

from __future__ import annotations

from urllib.parse import urlsplit


def web_address(value: str | None) -> str | None:
    """The one test of a website, whichever door it comes in by (form, API, import)."""
    if value is None:
        return None
    parts = urlsplit(value)
    if (
        parts.scheme not in ("http", "https")
        or not parts.netloc
        or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in value)
    ):
        raise ValueError("enter a web address starting with http:// or https://")
    return value
