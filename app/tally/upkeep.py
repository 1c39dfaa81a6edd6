"""Keeps the tallies (app.tally.models) true, in the same flush as every change.

Every monthly tally is a sum over meetings: each meeting adds its own rows (itself by status,
kind and province; the kinds of body and the bodies across its table; its pledges,
actions and follow-ups) to its month. So a change is applied as a difference: just before
a flush, what the meetings it touches add to the tallies is counted from the records;
just after, counted again; the difference is added to the kept rows, in the same
transaction. A save touches one meeting, so it costs a few indexed reads, whatever the
size of the month. The counting statements are the ones `rebuild_all` uses to count
everything from scratch, and a test compares the two after random changes.

The tallies of items whatever their meeting (open items by due date and by due month,
items by status, open pledges by maker and due month) are kept the same way by item: the
items a flush touches are counted just before and just after it, and the difference
added.

A meeting the flush reaches without the session having seen it beforehand (a child
added by id to a meeting not loaded, say) cannot have its "before" counted: its month is
counted again from the records as the transaction commits. Bulk loaders that bypass the
ORM call `rebuild_all` (each migration that makes a tally fills its own).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date
from itertools import chain
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    Table,
    bindparam,
    case,
    delete,
    distinct,
    event,
    func,
    inspect,
    literal,
    literal_column,
    select,
    true,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, UOWTransaction
from sqlalchemy.sql.util import find_tables

from app.commitment.models import (
    ActionItem,
    FollowUp,
    FollowUpStatus,
    Pledge,
    action_is_open,
    pledge_is_open,
)
from app.meeting.models import Meeting, Participant, Side
from app.organisation.models import Organisation
from app.tally.models import (
    EVERY_TALLY,
    ITEM_TALLIES,
    TALLIES,
    body_meeting_tally,
    commitment_tally,
    due_month_tally,
    due_tally,
    engagement_tally,
    maker_due_tally,
    maker_tally,
    meeting_tally,
    open_action_tally,
    organisation_kind_tally,
    pledge_day_tally,
    status_tally,
)

BEFORE_KEY = "engage_tally_before"
RECOUNT_KEY = "engage_tally_recount"
UNDATED = ""
COMMITMENTS: tuple[tuple[str, Any], ...] = (
    ("pledge", Pledge),
    ("action", ActionItem),
    ("follow_up", FollowUp),
)
# What moves a tally, of each record: any other edit (a title, minutes, a pledge's text)
# is not counted at all.
COUNTED_FIELDS: dict[type, tuple[str, ...]] = {
    Meeting: ("date", "status", "kind", "province", "archived_at"),
    Participant: ("meeting_id", "organisation_id", "side"),
    Pledge: ("meeting_id", "status", "archived_at"),
    ActionItem: ("meeting_id", "status", "archived_at", "due_date"),
    FollowUp: ("meeting_id", "status", "archived_at"),
}
CHILDREN = (Participant, Pledge, ActionItem, FollowUp)
# What moves an item in the tallies kept by item, not by meeting (due, status, maker).
ITEM_FIELDS: dict[type, tuple[str, ...]] = {
    Pledge: ("status", "archived_at", "due_date", "maker_organisation_id"),
    ActionItem: ("status", "archived_at", "due_date"),
    FollowUp: ("status", "archived_at", "due_date"),
}

# (tally, its key without the month) -> meetings or items
Counts = Counter[tuple[str, tuple[Any, ...]]]


def month_of(day: date | None) -> str:
    return f"{day.year:04d}-{day.month:02d}" if day else UNDATED


def month_bounds(month: str) -> tuple[date, date]:
    """The first day of `month` ("YYYY-MM") and of the month after it."""
    year, number = int(month[:4]), int(month[5:7])
    following = date(year + number // 12, number % 12 + 1, 1)
    return date(year, number, 1), following


def _in_month(month: str) -> ColumnElement[bool]:
    if month == UNDATED:
        return Meeting.date.is_(None)
    first, following = month_bounds(month)
    return (Meeting.date >= first) & (Meeting.date < following)


# Constants in grouped expressions are written into the SQL: PostgreSQL takes two bound
# parameters for two expressions, so a GROUP BY would not match its SELECT.
ZERO: ColumnElement[int] = literal_column("0")
ONE: ColumnElement[int] = literal_column("1")
NONE: ColumnElement[str] = literal_column("''")


def _statements(scope: ColumnElement[bool]) -> list[tuple[Table, Select[*tuple[Any, ...]]]]:
    """Each tally with the statement that counts the meetings `scope` chooses for it: the
    meeting's date first, then the tally's other keys in order, then the count."""
    live = Meeting.archived_at.is_(None)
    province = func.coalesce(Meeting.province, NONE)
    counterpart = case(
        (Participant.side != literal_column(f"'{Side.ours.value}'"), ONE), else_=ZERO
    )
    meetings_of = func.count(distinct(Participant.meeting_id))
    statements: list[tuple[Table, Select[*tuple[Any, ...]]]] = [
        (
            meeting_tally,
            select(Meeting.date, Meeting.status, Meeting.kind, province, func.count())
            .where(live, scope)
            .group_by(Meeting.date, Meeting.status, Meeting.kind, province),
        ),
        (
            organisation_kind_tally,
            select(Meeting.date, Organisation.kind, meetings_of)
            .join(Participant, Participant.organisation_id == Organisation.id)
            .join(Meeting, Meeting.id == Participant.meeting_id)
            .where(live, scope, Participant.side != Side.ours.value)
            .group_by(Meeting.date, Organisation.kind),
        ),
        (
            engagement_tally,
            select(
                Meeting.date,
                Participant.organisation_id,
                counterpart,
                Meeting.kind,
                province,
                meetings_of,
            )
            .join(Meeting, Meeting.id == Participant.meeting_id)
            .where(live, scope, Participant.organisation_id.is_not(None))
            .group_by(
                Meeting.date, Participant.organisation_id, counterpart, Meeting.kind, province
            ),
        ),
        (
            body_meeting_tally,
            select(Meeting.date, Participant.organisation_id, meetings_of)
            .join(Meeting, Meeting.id == Participant.meeting_id)
            .where(live, scope, Participant.organisation_id.is_not(None))
            .group_by(Meeting.date, Participant.organisation_id),
        ),
        (
            open_action_tally,
            select(Meeting.date, Meeting.kind, province, ActionItem.due_date, func.count())
            .join(Meeting, Meeting.id == ActionItem.meeting_id)
            .where(
                live,
                scope,
                ActionItem.archived_at.is_(None),
                action_is_open(),
                ActionItem.due_date.is_not(None),
            )
            .group_by(Meeting.date, Meeting.kind, province, ActionItem.due_date),
        ),
    ]
    statements.append(
        (
            pledge_day_tally,
            select(Meeting.date, Meeting.date.label("day"), func.count())
            .select_from(Pledge)
            .join(Meeting, Meeting.id == Pledge.meeting_id)
            .where(Pledge.archived_at.is_(None), Meeting.date.is_not(None), scope)
            .group_by(Meeting.date),
        )
    )
    meeting_live = case((live, ONE), else_=ZERO)
    for item, model in COMMITMENTS:
        statements.append(
            (
                commitment_tally,
                select(
                    Meeting.date,
                    meeting_live,
                    Meeting.kind,
                    province,
                    literal(item),
                    model.status,
                    func.count(),
                )
                .join(Meeting, Meeting.id == model.meeting_id)
                .where(model.archived_at.is_(None), scope)
                .group_by(Meeting.date, meeting_live, Meeting.kind, province, model.status),
            )
        )
    return statements


def count(
    connection: Connection,
    statements: list[tuple[Table, Select[*tuple[Any, ...]]]],
    parameters: dict[str, Any] | None = None,
) -> Counts:
    """What the meetings the statements (`_statements`) choose add to each tally, by month
    and key."""
    counts: Counts = Counter()
    for table, statement in statements:
        for day, *keys, n in connection.execute(statement, parameters or {}):
            counts[(table.name, (month_of(day), *keys))] += n
    return counts


# The meetings a flush touches, and every other meeting of the bodies whose kind it
# changes: two scopes, each counted by its own statements (built once, for every flush).
# Never an OR of the two: PostgreSQL cannot read an OR from the meeting's index, and
# walked every meeting and participant for each statement (a pledge's status took 400 ms
# at `large`); nor a union of them, which SQLite reads by walking the meetings.
_MEETINGS = Meeting.id.in_(bindparam("meeting_ids", expanding=True))
_OF_BODIES = Meeting.id.in_(
    select(Participant.meeting_id).where(
        Participant.organisation_id.in_(bindparam("body_ids", expanding=True))
    )
) & Meeting.id.not_in(bindparam("meeting_ids", expanding=True))
# Each statement with the tables it reads, so that a flush runs only those that read what
# it changed: a pledge's status moves no count of meetings or of the bodies across the
# table, and counting them before and after cost a third of the save.
_touched_statements: dict[str, list[tuple[Table, Select[*tuple[Any, ...]], frozenset[str]]]] = {}
_BODY_KIND_MOVES = frozenset({Organisation.__tablename__})


def _count_in(
    session: Session, scope: str, parameters: dict[str, list[int]], moved: frozenset[str]
) -> Counts:
    if scope not in _touched_statements:
        chosen = _MEETINGS if scope == "meetings" else _OF_BODIES
        _touched_statements[scope] = [
            (table, stmt, frozenset(t.name for t in find_tables(stmt, include_joins=True)))
            for table, stmt in _statements(chosen)
        ]
    # Every statement reads the meeting table, so a meeting's own change (its date, kind,
    # status...) runs them all.
    statements = [
        (table, stmt) for table, stmt, reads in _touched_statements[scope] if reads & moved
    ]
    return count(session.connection(), statements, parameters)


def _count_touched(
    session: Session, ids: set[int], bodies: set[int], moved: frozenset[str]
) -> Counts:
    """What these meetings and the other meetings of these bodies add to the tallies that
    read the tables in `moved` (the same before a flush and after it)."""
    parameters = {"meeting_ids": sorted(ids), "body_ids": sorted(bodies)}
    counts: Counts = Counter()
    if ids:
        counts.update(_count_in(session, "meetings", parameters, moved))
    if bodies:
        # The bodies' other meetings move only by the bodies' kind: only what reads the
        # organisation (the tally by kind of body) is counted for them; every tally over
        # them took a busy body's kind change 0.9 s at `large`.
        counts.update(_count_in(session, "bodies", parameters, _BODY_KIND_MOVES))
    return counts


def _rows(counts: Counts) -> dict[Table, list[dict[str, Any]]]:
    """The non-zero counts as rows to write, table by table (the count is the last column)."""
    tables = {table.name: table for table in EVERY_TALLY}
    rows: dict[Table, list[dict[str, Any]]] = {}
    for (name, key), n in counts.items():
        if n:
            table = tables[name]
            columns = [c.name for c in table.columns]
            rows.setdefault(table, []).append(dict(zip(columns, (*key, n), strict=True)))
    return rows


def _insert(connection: Connection, counts: Counts) -> None:
    for table, values in _rows(counts).items():
        connection.execute(table.insert(), values)


def recount(connection: Connection, months: Iterable[str]) -> None:
    """Count these months again from the records, replacing what was kept for them."""
    months = sorted(set(months))
    if not months:
        return
    for table in TALLIES:
        connection.execute(delete(table).where(table.c.month.in_(months)))
    for month in months:
        _insert(connection, count(connection, _statements(_in_month(month))))


def rebuild_monthly(connection: Connection, tables: Iterable[Table] = TALLIES) -> None:
    """Count the tallies kept by month again, or those of `tables` (the migration that
    made them)."""
    tables = set(tables)
    for table in tables:
        connection.execute(delete(table))
    chosen = [(table, stmt) for table, stmt in _statements(true()) if table in tables]
    _insert(connection, count(connection, chosen))


# A statement's rows may feed several tallies kept by item: each feed makes its tally's
# key from the kind of item and the row's keys (the count comes last in every row).
Feed = tuple[Table, Callable[..., tuple[Any, ...]]]
# Each kind of item with a statement counting some of its items, and the tallies it feeds.
ItemStatements = list[tuple[str, Select[*tuple[Any, ...]], tuple[Feed, ...]]]


# Every item comes by status, and pledges by their maker too (one statement feeds the
# status tally and the maker tally).
def _by_status(item: str, status: str, *_maker: int) -> tuple[Any, ...]:
    return (item, status)


def _by_maker(_item: str, _status: str, maker_id: int) -> tuple[Any, ...]:
    return (maker_id,)


# Open items come by due date, and open pledges by their maker too (one statement feeds
# the three tallies of due items).
def _by_day(item: str, due_date: date, *_maker: int) -> tuple[Any, ...]:
    return (item, due_date)


def _by_month(item: str, due_date: date, *_maker: int) -> tuple[Any, ...]:
    return (item, month_of(due_date))


def _by_maker_and_month(_item: str, due_date: date, maker_id: int) -> tuple[Any, ...]:
    return (maker_id, month_of(due_date))


def _item_statements(scope: Any) -> ItemStatements:
    """Each kind of item with the statements that count those of its unarchived items
    that `scope(model)` chooses: the open ones by due date (the due tally, and by month;
    pledges by maker too, for the maker due tally), all of them by status (the status
    tally; pledges by maker too, for the maker tally)."""
    still_open = {
        "pledge": pledge_is_open(),
        "action": action_is_open(),
        "follow_up": FollowUp.status == FollowUpStatus.due.value,
    }
    statements: ItemStatements = []
    for item, model in COMMITMENTS:
        live = model.archived_at.is_(None)
        due_feeds: tuple[Feed, ...] = ((due_tally, _by_day), (due_month_tally, _by_month))
        by_maker: tuple[Any, ...] = ()
        if model is Pledge:
            by_maker = (Pledge.maker_organisation_id,)
            due_feeds += ((maker_due_tally, _by_maker_and_month),)
        statements.append(
            (
                item,
                select(model.due_date, *by_maker, func.count())
                .where(live, still_open[item], model.due_date.is_not(None), scope(model))
                .group_by(model.due_date, *by_maker),
                due_feeds,
            )
        )
        by_status: tuple[Feed, ...] = ((status_tally, _by_status),)
        if model is Pledge:
            by_status += ((maker_tally, _by_maker),)
        statements.append(
            (
                item,
                select(model.status, *by_maker, func.count())
                .where(live, scope(model))
                .group_by(model.status, *by_maker),
                by_status,
            )
        )
    return statements


def count_items(
    connection: Connection, statements: ItemStatements, parameters: dict[str, Any] | None = None
) -> Counts:
    counts: Counts = Counter()
    for item, statement, feeds in statements:
        for *keys, n in connection.execute(statement, parameters or {}):
            for table, key in feeds:
                counts[(table.name, key(item, *keys))] += n
    return counts


def rebuild_by_item(connection: Connection, tables: Iterable[Table] = ITEM_TALLIES) -> None:
    """Count the tallies kept by item again, or those of `tables` (the migration that made
    them)."""
    tables = set(tables)
    for table in tables:
        connection.execute(delete(table))
    chosen: ItemStatements = []
    for item, statement, feeds in _item_statements(lambda _model: true()):
        wanted = tuple(feed for feed in feeds if feed[0] in tables)
        if wanted:
            chosen.append((item, statement, wanted))
    _insert(connection, count_items(connection, chosen))


def rebuild_all(connection: Connection) -> None:
    """Count everything again: after a bulk load."""
    rebuild_monthly(connection)
    rebuild_by_item(connection)


def _add(connection: Connection, difference: Counts) -> None:
    """Add `difference` to the kept rows, creating the missing and removing those that
    come to nothing (a full count has no rows of zero)."""
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    for table, values in _rows(difference).items():
        counted = list(table.columns)[-1]
        upsert = dialect.insert(table)
        upsert = upsert.on_conflict_do_update(
            index_elements=[c.name for c in table.primary_key.columns],
            set_={counted.name: counted + upsert.excluded[counted.name]},
        )
        connection.execute(upsert, values)
        # Row by row, each found by its key (one call, many parameter sets): SQLite reads
        # an IN of row values by walking the whole table (15 ms for engagement_tally at
        # `large`, on every save of a meeting).
        keys = list(table.primary_key.columns)
        gone = delete(table).where(
            *(key == bindparam(f"key_{key.name}") for key in keys), counted == 0
        )
        connection.execute(
            gone, [{f"key_{key.name}": row[key.name] for key in keys} for row in values]
        )


def _history(obj: object, name: str) -> Iterable[Any]:
    history = inspect(obj).attrs[name].history
    return chain(history.added, history.unchanged, history.deleted)


def _changed(obj: object, names: Iterable[str]) -> bool:
    attrs = inspect(obj).attrs
    return any(attrs[name].history.has_changes() for name in names)


def _counted_change(session: Session, obj: object) -> bool:
    fields = COUNTED_FIELDS[type(obj)]
    return (
        obj in session.new
        or obj in session.deleted
        or _changed(obj, fields)
        or _taken_from_its_meeting(obj)
    )


def _taken_from_its_meeting(obj: object) -> bool:
    """Left out of its meeting's list of people (a form or the API saving fewer): until the
    flush removes it as an orphan, only its `meeting` shows the change, not its meeting
    id. With no one new beside it, the meeting's tallies kept counting the body."""
    attrs = inspect(obj).attrs
    return "meeting" in attrs.keys() and attrs["meeting"].history.has_changes()


def _touched(session: Session) -> tuple[set[int], set[int], frozenset[str]]:
    """The stored meetings whose contribution this flush may change, the bodies whose kind
    it changes (every meeting of theirs), and the tables of the records that changed."""
    ids: set[int] = set()
    bodies: set[int] = set()
    moved: set[str] = set()
    for obj in chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, Organisation):
            if obj in session.dirty and _changed(obj, ("kind",)):
                bodies.add(obj.id)
                moved.add(obj.__tablename__)  # its meetings touched here count it too
        elif isinstance(obj, (Meeting, *CHILDREN)) and _counted_change(session, obj):
            moved.add(obj.__tablename__)
            # A new meeting has no id yet: it is counted after the flush (_apply_difference).
            meetings = [obj.id] if isinstance(obj, Meeting) else _history(obj, "meeting_id")
            ids.update(i for i in meetings if i is not None)
    return ids, bodies, frozenset(moved)


def _touched_items(session: Session) -> dict[str, set[int]]:
    """The stored (or, after the flush, new) items whose place in the tallies kept by item
    this flush may change, by kind."""
    touched: dict[str, set[int]] = {item: set() for item, _ in COMMITMENTS}
    for obj in chain(session.new, session.dirty, session.deleted):
        for item, model in COMMITMENTS:
            if isinstance(obj, model) and obj.id is not None:
                new_or_gone = obj in session.new or obj in session.deleted
                if new_or_gone or _changed(obj, ITEM_FIELDS[model]):
                    touched[item].add(obj.id)
    return touched


_touched_item_statements: ItemStatements = []


def _count_touched_items(session: Session, touched: dict[str, set[int]]) -> Counts:
    if not any(touched.values()):
        return Counter()
    if not _touched_item_statements:
        _touched_item_statements.extend(
            _item_statements(lambda model: model.id.in_(bindparam("item_ids", expanding=True)))
        )
    counts: Counts = Counter()
    for item, statement, feeds in _touched_item_statements:
        if touched[item]:
            counts.update(
                count_items(
                    session.connection(),
                    [(item, statement, feeds)],
                    {"item_ids": sorted(touched[item])},
                )
            )
    return counts


@event.listens_for(Session, "before_flush")
def _count_before(session: Session, _ctx: UOWTransaction, _instances: object) -> None:
    ids, bodies, moved = _touched(session)
    items = _touched_items(session)
    session.info[BEFORE_KEY] = (
        ids,
        bodies,
        moved,
        _count_touched(session, ids, bodies, moved),
        items,
        _count_touched_items(session, items),
    )


@event.listens_for(Session, "after_flush")
def _apply_difference(session: Session, _ctx: UOWTransaction) -> None:
    # Still the flush's own lists and histories here; new meetings have their ids.
    seen, bodies, moved, before, items_seen, items_before = session.info.pop(
        BEFORE_KEY, (set(), set(), frozenset(), Counter(), {}, Counter())
    )
    after_ids = set(seen)
    missed: set[int] = set()
    for obj in chain(session.new, session.dirty):
        if isinstance(obj, Meeting) and obj in session.new:
            after_ids.add(obj.id)
        elif isinstance(obj, CHILDREN) and _counted_change(session, obj):
            for meeting_id in _history(obj, "meeting_id"):
                if meeting_id is not None and meeting_id not in seen:
                    missed.add(meeting_id)
    missed -= after_ids
    difference: Counts = Counter(_count_touched(session, after_ids, bodies, moved))
    difference.subtract(before)
    items = _touched_items(session)  # now with the new items' ids
    for item, ids in items_seen.items():
        items[item] |= ids
    difference.update(_count_touched_items(session, items))
    difference.subtract(items_before)
    connection = session.connection()
    _add(connection, difference)
    if missed:
        days = connection.scalars(select(Meeting.date).where(Meeting.id.in_(missed)))
        session.info.setdefault(RECOUNT_KEY, set()).update(month_of(day) for day in days)


@event.listens_for(Session, "before_commit")
def _recount_missed(session: Session) -> None:
    session.flush()
    months = session.info.pop(RECOUNT_KEY, None)
    if months:
        recount(session.connection(), months)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(BEFORE_KEY, None)
    session.info.pop(RECOUNT_KEY, None)
