"""Figures read from the tallies alone that more than one page shows: how many open
pledges, actions or follow-ups fall due on some days, and how many are overdue (the
dashboard's figures, the pledge register's total of overdue pledges)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Select, func, select

from app.tally.models import due_month_tally, due_tally
from app.tally.upkeep import month_of


def kept_due(item: str, *on: Any) -> Select[int]:
    """Open items of a kind due on the days `on` chooses, from the due tally."""
    t = due_tally
    return select(func.coalesce(func.sum(t.c.commitments), 0)).where(t.c.item == item, *on)


def kept_overdue(item: str, today: date) -> Select[int]:
    """Open items of a kind due before `today`: the months before this one from the due
    month tally (a row a month), this month's days from the due tally."""
    first, t = today.replace(day=1), due_month_tally
    months = select(func.coalesce(func.sum(t.c.commitments), 0)).where(
        t.c.item == item, t.c.month < month_of(first)
    )
    due = due_tally.c.due_date
    this_month = kept_due(item, due >= first, due < today)
    return select(months.scalar_subquery() + this_month.scalar_subquery())
