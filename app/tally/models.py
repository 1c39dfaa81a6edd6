"""The figures the dashboard and the report show, kept as data (issue 20).

Each table counts one thing by calendar month of the meeting ("YYYY-MM"; "" for meetings
whose date is not given), stored in month order on SQLite (WITHOUT ROWID), so a page sums
a few hundred rows instead of aggregating every meeting and participant. app.tally.upkeep
keeps them current in the same transaction as any change that moves them; the dashboard's
and the report's queries read them (app.dashboard.queries, app.report.tallied).

Only dated, unarchived meetings are counted, except in `commitment_tally`, which counts
every unarchived pledge, action and follow-up of a meeting (archived or not: the
dashboard counts pledges whatever became of their meeting) and says whether the meeting
is live.
"""

from __future__ import annotations

from sqlalchemy import Column, Date, Index, Integer, String, Table

from app.db import Base
from app.generation import track_tallies

MONTH = String(7)

meeting_tally = Table(
    "meeting_tally",
    Base.metadata,
    Column("month", MONTH, primary_key=True),
    Column("status", String(16), primary_key=True),
    Column("kind", String(32), primary_key=True),
    Column("province", String(32), primary_key=True),  # "" when not recorded
    Column("meetings", Integer, nullable=False),
    sqlite_with_rowid=False,
)

# Meetings with at least one body of the kind across the table: a meeting with two
# companies counts once for companies.
organisation_kind_tally = Table(
    "organisation_kind_tally",
    Base.metadata,
    Column("month", MONTH, primary_key=True),
    Column("organisation_kind", String(32), primary_key=True),
    Column("meetings", Integer, nullable=False),
    sqlite_with_rowid=False,
)

# Meetings each body took part in, across the table (counterpart 1) or on our side (0), by
# the meeting's kind and province so that a report filtered by either still reads them.
engagement_tally = Table(
    "engagement_tally",
    Base.metadata,
    Column("month", MONTH, primary_key=True),
    Column("organisation_id", Integer, primary_key=True),
    Column("counterpart", Integer, primary_key=True),
    Column("meeting_kind", String(32), primary_key=True),
    Column("province", String(32), primary_key=True),
    Column("meetings", Integer, nullable=False),
    sqlite_with_rowid=False,
)

# Live meetings each body took part in, on either side, each counted once: the meeting
# list's total when it is filtered by a body alone (counting the authority's 100,000
# meetings for it took 40 ms at `large`). Read by body from its index.
body_meeting_tally = Table(
    "body_meeting_tally",
    Base.metadata,
    Column("month", MONTH, primary_key=True),
    Column("organisation_id", Integer, primary_key=True),
    Column("meetings", Integer, nullable=False),
    sqlite_with_rowid=False,
)
Index(
    "ix_body_meeting_tally_body",
    body_meeting_tally.c.organisation_id,
    body_meeting_tally.c.meetings,
)

commitment_tally = Table(
    "commitment_tally",
    Base.metadata,
    Column("month", MONTH, primary_key=True),
    Column("meeting_live", Integer, primary_key=True),  # 1: the meeting is not archived
    Column("meeting_kind", String(32), primary_key=True),
    Column("province", String(32), primary_key=True),
    Column("item", String(16), primary_key=True),  # pledge, action, follow_up
    Column("status", String(16), primary_key=True),
    Column("commitments", Integer, nullable=False),
    sqlite_with_rowid=False,
)
# The dashboard counts pledges by status over every month: read from this index alone.
Index(
    "ix_commitment_tally_item_status",
    commitment_tally.c.item,
    commitment_tally.c.status,
    commitment_tally.c.commitments,
)

# Open actions by due date: "overdue" moves with the calendar, so the report counts the
# open actions of its months due before today from here (actions with no due date are
# never overdue and are not kept).
open_action_tally = Table(
    "open_action_tally",
    Base.metadata,
    Column("month", MONTH, primary_key=True),
    Column("meeting_kind", String(32), primary_key=True),
    Column("province", String(32), primary_key=True),
    Column("due_date", Date, primary_key=True),
    Column("actions", Integer, nullable=False),
    sqlite_with_rowid=False,
)

# Unarchived pledges of each dated meeting, by the meeting's day (archived meetings too,
# as the dashboard counts pledges whatever became of their meeting): its "pledges made in
# the last 30 days" sums a month of days here instead of counting the pledges of each of
# the month's meetings (3.6 ms on PostgreSQL at `large`, 861 meetings).
pledge_day_tally = Table(
    "pledge_day_tally",
    Base.metadata,
    Column("month", MONTH, primary_key=True),
    Column("day", Date, primary_key=True),
    Column("pledges", Integer, nullable=False),
    sqlite_with_rowid=False,
)

TALLIES = (
    meeting_tally,
    organisation_kind_tally,
    engagement_tally,
    body_meeting_tally,
    commitment_tally,
    open_action_tally,
    pledge_day_tally,
)

# Open pledges, open actions and follow-ups due, by due date, whatever their meeting (or
# none): "overdue" moves with the calendar, so the dashboard sums the days before today
# here (a few thousand rows) instead of counting every overdue item (tens of thousands at
# `large`). Kept by item, not by meeting: app.tally.upkeep counts the items a flush
# touches. Items with no due date are never overdue and are not kept.
due_tally = Table(
    "due_tally",
    Base.metadata,
    Column("item", String(16), primary_key=True),  # pledge, action, follow_up
    Column("due_date", Date, primary_key=True),
    Column("commitments", Integer, nullable=False),
    sqlite_with_rowid=False,
)

# Unarchived pledges, actions and follow-ups by status, whatever their meeting: the
# dashboard's pledges by status, which summed some 15,000 rows of commitment_tally at
# `large` (2 ms on SQLite, 3 on PostgreSQL). Kept by item, like the due tally.
status_tally = Table(
    "status_tally",
    Base.metadata,
    Column("item", String(16), primary_key=True),  # pledge, action, follow_up
    Column("status", String(16), primary_key=True),
    Column("commitments", Integer, nullable=False),
    sqlite_with_rowid=False,
)

# The due tally by month of the due date: "overdue" sums the months before this one here
# (one row a month) and this month's days from the due tally, instead of every overdue
# day since the first (some 3,600 rows of each item at `large`, 1 ms each on PostgreSQL).
due_month_tally = Table(
    "due_month_tally",
    Base.metadata,
    Column("item", String(16), primary_key=True),
    Column("month", MONTH, primary_key=True),
    Column("commitments", Integer, nullable=False),
    sqlite_with_rowid=False,
)

# Open pledges by the body that made them and the month they are due: the dashboard's
# "pledges we owe, overdue" reads the authority's months before this one here, instead of
# counting its 14,000 overdue pledges (3.6 ms on PostgreSQL at `large`). Which body is "us"
# is a setting, so the tally keeps every maker.
maker_due_tally = Table(
    "maker_due_tally",
    Base.metadata,
    Column("organisation_id", Integer, primary_key=True),
    Column("month", MONTH, primary_key=True),
    Column("pledges", Integer, nullable=False),
    sqlite_with_rowid=False,
)

# Unarchived pledges by the body that made them: the pledge register's "Made by" and
# "Made to" choices are the bodies that made the most, which counted all 60,000 pledges
# at `large` after every change (9 ms on SQLite).
maker_tally = Table(
    "maker_tally",
    Base.metadata,
    Column("organisation_id", Integer, primary_key=True),
    Column("pledges", Integer, nullable=False),
    sqlite_with_rowid=False,
)

# The tallies kept by item (app.tally.upkeep counts the items a flush touches).
ITEM_TALLIES = (due_tally, status_tally, due_month_tally, maker_due_tally, maker_tally)
# Every kept table, the monthly ones and those kept by item.
EVERY_TALLY = (*TALLIES, *ITEM_TALLIES)
# Every change to them moves the tally generation (migration "a second counter, moved only
# when a kept tally changes"), so what is read from them alone is kept until they change.
track_tallies(*EVERY_TALLY)
