"""Optimistic concurrency for every edit form.

Each form carries the version of the record it was loaded from. Saving checks it: if a
colleague saved in between, the save is refused with EditConflict, and the route shows
what changed (from the audit trail) while keeping everything the second person typed.
The ORM's version_id_col (app.db.TrackedMixin) backs this up at UPDATE time.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.audit.models import AuditEvent
from app.audit.queries import changes_since
from app.db import Base, TrackedMixin
from app.errors import Conflict


class EditConflict(Conflict):
    def __init__(self, record: TrackedMixin, since_version: int, changes: list[AuditEvent]):
        super().__init__(
            "Someone else saved this record while you were editing it. Your changes have "
            "not been saved yet: they are kept below, next to what changed."
        )
        self.record = record
        self.since_version = since_version
        self.changes = changes


def ensure_current(session: Session, record: TrackedMixin, submitted_version: int | None) -> None:
    if submitted_version is None or submitted_version != record.version:
        since = submitted_version or 0
        if not isinstance(record, Base):  # a tracked record is always a mapped row
            raise TypeError(f"{type(record).__name__} is not a mapped record")
        raise EditConflict(record, since, changes_since(session, record, since))
