"""Archive and restore: nothing is hard-deleted. Shared by every domain's routes."""

from __future__ import annotations

from app.db import TrackedMixin, utcnow
from app.errors import Conflict


def archive(record: TrackedMixin) -> None:
    if record.archived_at is not None:
        raise Conflict("This record is already archived.")
    record.archived_at = utcnow()


def restore(record: TrackedMixin) -> None:
    if record.archived_at is None:
        raise Conflict("This record is not archived.")
    record.archived_at = None
