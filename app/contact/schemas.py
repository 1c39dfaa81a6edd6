"""The one test of an e-mail address and of a phone number."""

from __future__ import annotations

import re

# \Z, not $: "$" also matches before a final line break, and a CR or LF in an address
# becomes a header of its own in the e-mail or calendar file it is written into.
EMAIL = re.compile(r"^[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]+\Z")
PHONE = re.compile(r"^\+?[0-9 ()\-]{5,30}\Z")


def is_email(value: str) -> bool:
    """The one test of an e-mail address, whichever door it comes in by (forms, the API,
    imports, staff accounts), and before one is written into a mail or calendar file."""
    return len(value) <= 254 and EMAIL.match(value) is not None
