"""Optimistic concurrency for every edit form.

Each form carries the version of the record it was loaded from, and a digest of each
field as loaded. Saving checks the version: if a colleague saved in between, the save is
refused with EditConflict, and the route shows the form again with what changed (from
the audit trail): fields the second person left alone take the colleague's values,
fields both changed keep what the second person typed, with the colleague's beside them,
so saving again loses neither. The ORM's version_id_col (app.db.TrackedMixin) backs this
up at UPDATE time.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.audit.models import AuditEvent
from app.audit.queries import changes_since
from app.db import Base, TrackedMixin
from app.errors import Conflict
from app.web import env

# The hidden field every edit form carries: what it held when loaded (`fingerprint`).
LOADED = "loaded"
_NOT_MERGED = frozenset({LOADED, "version", "csrf_token"})


def _text(value: Any) -> str:
    """A field's value as compared: browsers send a textarea's lines ending in CR LF."""
    return "" if value is None else str(value).replace("\r\n", "\n").strip()


def _digest(value: Any) -> str:
    return hashlib.sha256(_text(value).encode()).hexdigest()[:10]


def fingerprint(values: Mapping[str, Any]) -> str:
    """What an edit form held when it was loaded, a short digest a field (empty ones left
    out): sent back with the form, so that a save refused for a colleague's edit can tell
    the fields the person changed from those they left alone."""
    digests = {
        name: _digest(value)
        for name, value in values.items()
        if name not in _NOT_MERGED and _text(value)
    }
    return json.dumps(digests, separators=(",", ":"), sort_keys=True)


env.globals["form_fingerprint"] = fingerprint


def _loaded(typed: Mapping[str, Any]) -> dict[str, str] | None:
    """The digests the form was loaded with; None when it sent none that can be read (a
    form drawn before they were added): then no field can be told to be left alone."""
    try:
        loaded = json.loads(str(typed.get(LOADED) or "null"))
    except ValueError:
        return None
    return loaded if isinstance(loaded, dict) else None


@dataclass(frozen=True)
class Clash:
    """A field both people changed: what the colleague saved, and who."""

    theirs: str
    by: str


class EditConflict(Conflict):
    def __init__(self, record: TrackedMixin, since_version: int, changes: list[AuditEvent]):
        super().__init__(
            "Someone else saved this record while you were editing it. Nothing from your "
            "form has been saved yet: check it below, then save again."
        )
        self.record = record
        self.since_version = since_version
        self.changes = changes
        self.taken: list[str] = []  # fields you left alone, now as the colleague saved them
        self.clashes: dict[str, Clash] = {}  # fields you both changed: yours is kept
        self.loaded = ""  # the form's new fingerprint: the record as saved now

    def merge_into(self, typed: dict[str, str], saved: Mapping[str, Any]) -> None:
        """Bring what colleagues saved meanwhile into the form as typed, so that saving
        it again loses nothing: a field the person left as it was loaded (its digest in
        the form's `loaded` field) takes the saved value (saving the form as it stood
        blanked a colleague's new venue); a field both changed keeps what the person
        typed and is noted in `clashes`, to be shown beside the form. `saved` is the
        record now, as its edit form holds it."""
        loaded = _loaded(typed)
        for name in sorted((set(saved) | set(loaded or ())) - _NOT_MERGED):
            mine, theirs = typed.get(name), saved.get(name)
            if _text(mine) == _text(theirs):
                continue
            base = None if loaded is None else loaded.get(name, _digest(""))
            if _digest(mine) == base:
                typed[name] = "" if theirs is None else str(theirs)
                self.taken.append(name)
            elif _digest(theirs) != base:
                self.clashes[name] = Clash(_text(theirs), self._saved_by(name))
        self.loaded = fingerprint(saved)

    def _saved_by(self, name: str) -> str:
        """Who last saved the field (the last to save anything, when the trail names the
        field otherwise: a name typed where an id is kept)."""
        events = [e for e in self.changes if name in e.changes] or self.changes
        user = events[-1].user if events else None
        return user.display_name if user else "Someone"


def ensure_current(session: Session, record: TrackedMixin, submitted_version: int | None) -> None:
    if submitted_version is None or submitted_version != record.version:
        since = submitted_version or 0
        if not isinstance(record, Base):  # a tracked record is always a mapped row
            raise TypeError(f"{type(record).__name__} is not a mapped record")
        raise EditConflict(record, since, changes_since(session, record, since))
