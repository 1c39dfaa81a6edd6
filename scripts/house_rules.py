"""Cheap checks for house rules that ruff cannot express.

- commits happen only in app/db.py (the request session) and app/cli.py (one per command);
- no bulk or raw write to a domain's table in app/: it would bypass what the ORM's hooks
  keep (the audit trail, last_met_on, the webhook outbox, the stored name keys); writes go
  through the domain's service (the data generation is kept by triggers either way);
- templates never mark user content |safe and carry no inline scripts or styles.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMIT_ALLOWED = {"app/db.py", "app/cli.py"}
DOMAIN_TABLES = (
    "Organisation|OrganisationAlias|Contact|Affiliation|Meeting|Participant|Presentation"
    "|Pledge|ActionItem|FollowUp|Topic|Document"
)
BULK_WRITE = re.compile(
    rf"\b(?:update|delete|insert)\((?:{DOMAIN_TABLES})\b"
    r"|text\(\s*f?[\"'](?i:UPDATE|DELETE|INSERT)\b"
)
# The one derived column kept by a bulk statement on purpose (app/organisation/last_met.py).
BULK_WRITE_ALLOWED = {"app/organisation/last_met.py"}
TEMPLATE_RULES = [
    (re.compile(r"\|\s*safe\b"), "never mark content |safe"),
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "no inline <script>"),
    (re.compile(r"\sstyle\s*=", re.I), "no inline style attribute (CSP forbids it)"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "no inline event handler"),
    (re.compile(r"\shx-on:", re.I), "no hx-on attributes"),
]


def problems() -> list[str]:
    found = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        text = path.read_text(encoding="utf-8")
        if rel not in COMMIT_ALLOWED and ".commit()" in text:
            found.append(f"{rel}: commit only in app/db.py; services and routes flush")
        if rel not in BULK_WRITE_ALLOWED and BULK_WRITE.search(text):
            found.append(f"{rel}: a bulk or raw write to a domain table; use its service")
    for path in sorted((ROOT / "templates").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for pattern, rule in TEMPLATE_RULES:
            if pattern.search(text):
                found.append(f"{path.relative_to(ROOT).as_posix()}: {rule}")
    return found


def main() -> int:
    found = problems()
    for line in found:
        print(line)  # noqa: T201
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
