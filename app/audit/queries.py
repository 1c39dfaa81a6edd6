"""Reading the audit trail."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import CheckConstraint, Date, DateTime, Table, select
from sqlalchemy.orm import Session, joinedload

from app.audit.models import AuditEvent
from app.db import Base, UTCDateTime
from app.web import label, local_datetime, long_date


def _events(session: Session, record: Base, limit: int) -> Sequence[AuditEvent]:
    stmt = (
        select(AuditEvent)
        .where(AuditEvent.entity_type == record.__tablename__, AuditEvent.entity_id == record.id)
        .options(joinedload(AuditEvent.user))
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        .limit(limit)
    )
    return session.scalars(stmt).all()


def history_of(session: Session, record: Base, limit: int = 200) -> Sequence[AuditEvent]:
    """Every recorded change of one record, newest first, each with `shown_changes` for
    people to read (see describe_changes)."""
    events = _events(session, record, limit)
    describe_changes(session, type(record), events)
    return events


def changes_since(session: Session, record: Base, version: int) -> list[AuditEvent]:
    """Updates saved after the record was at `version` (events record the version step)."""
    return [
        event
        for event in reversed(_events(session, record, 200))
        if "version" in event.changes and (event.changes["version"][0] or 0) >= version
    ]


@dataclass(frozen=True)
class ShownChange:
    field: str
    before: Any
    after: Any


# The attribute that names a record, first found (User.display_name, Topic.name, ...).
NAME_ATTRIBUTES = ("display_name", "name", "full_name", "title")


def _classes_by_table() -> dict[str, Any]:
    """Each mapped class by its table's name (what an audit event records)."""
    return {
        t.name: m.class_ for m in Base.registry.mappers if isinstance(t := m.local_table, Table)
    }


def _enum_columns(model: type[Base]) -> dict[str, Any]:
    """Columns held to an enum's codes by app.db.enum_check, with the enum."""
    table = model.__table__
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not mapped to one table")
    return {
        constraint.info["column"]: constraint.info["enum"]
        for constraint in table.constraints
        if isinstance(constraint, CheckConstraint) and "enum" in constraint.info
    }


def _field_kinds(model: type[Base]) -> dict[str, tuple[str, Any]]:
    """field -> ("record", class) for ids of other records, ("enum" | "datetime" | "date",
    None) for codes and times."""
    mapper = model.__mapper__
    classes = _classes_by_table()
    enums = _enum_columns(model)
    kinds: dict[str, tuple[str, Any]] = {}
    for attr in mapper.column_attrs:
        column = attr.columns[0]
        foreign = next(iter(column.foreign_keys), None)
        if foreign is not None and foreign.column.table.name in classes:
            kinds[attr.key] = ("record", classes[foreign.column.table.name])
        elif attr.key in enums:
            kinds[attr.key] = ("enum", enums[attr.key])
        elif isinstance(column.type, DateTime | UTCDateTime):
            kinds[attr.key] = ("datetime", None)
        elif isinstance(column.type, Date):
            kinds[attr.key] = ("date", None)
    for rel in mapper.relationships:
        if rel.secondary is not None:
            kinds[rel.key] = ("record", rel.mapper.class_)
    return kinds


def _name_of(obj: Any) -> str:
    for attr in NAME_ATTRIBUTES:
        value = getattr(obj, attr, None)
        if isinstance(value, str) and value:
            return value
    return f"#{obj.id}"


def describe_any_changes(session: Session, events: Sequence[AuditEvent]) -> None:
    """describe_changes for events of many kinds of record (the audit log): grouped by
    the table they were recorded for."""
    classes = _classes_by_table()
    by_table: dict[str, list[AuditEvent]] = defaultdict(list)
    for event in events:
        by_table[event.entity_type].append(event)
    for table, group in by_table.items():
        if table in classes:
            describe_changes(session, classes[table], group)
        else:  # a record type no longer in the code: its changes as recorded
            for event in group:
                event.shown_changes = [  # type: ignore[attr-defined]
                    ShownChange(label(field), values[0], values[1])
                    for field, values in event.visible_changes.items()
                ]


def describe_changes(session: Session, model: type[Base], events: Sequence[AuditEvent]) -> None:
    """Sets `shown_changes` on each event: field labels, the names of the records an id
    points to (one query per kind of record, for all the events), enum codes as labels,
    times in local time."""
    kinds = _field_kinds(model)
    wanted: dict[Any, set[int]] = defaultdict(set)
    for event in events:
        for field, values in event.visible_changes.items():
            kind, cls = kinds.get(field, ("", None))
            if kind == "record":
                for value in values:
                    ids = value if isinstance(value, list) else [value]
                    wanted[cls].update(i for i in ids if isinstance(i, int))
    names: dict[Any, dict[int, str]] = {}
    for cls, wanted_ids in wanted.items():
        rows = session.scalars(select(cls).where(cls.id.in_(sorted(wanted_ids)))).all()
        names[cls] = {row.id: _name_of(row) for row in rows}

    def shown(field: str, value: Any) -> Any:
        kind, cls = kinds.get(field, ("", None))
        if value is None or value == "" or value == []:
            return value
        if kind == "record":
            if isinstance(value, list):
                return [names[cls].get(i, f"#{i}") for i in value]
            return names[cls].get(value, f"#{value}")
        if kind == "enum" and isinstance(value, str):
            member = next((m for m in cls if m.value == value), None)
            return getattr(member, "label", None) or label(value)
        if kind == "datetime" and isinstance(value, str):
            moment = datetime.fromisoformat(value)
            return local_datetime(moment if moment.tzinfo else moment.replace(tzinfo=UTC))
        if kind == "date" and isinstance(value, str):
            return long_date(date.fromisoformat(value))
        return value

    for event in events:
        # For the page only, not a column: declaring it on the mapped class would make
        # declarative try to map it.
        event.shown_changes = [  # type: ignore[attr-defined]
            ShownChange(
                label(field.removesuffix("_id")),
                shown(field, values[0]),
                shown(field, values[1]),
            )
            for field, values in event.visible_changes.items()
        ]
