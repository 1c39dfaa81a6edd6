"""The meeting's date: a date stated in the text, or a weekday ("on Tuesday") or "today"
resolved against a date with a year printed in the text (a dateline, byline or footer).

Date expressions are found by linear patterns (full and abbreviated month names, ordinal
days, ISO dates) and read by python-dateutil's parser; a weekday is resolved with
dateutil's relativedelta to the last such day on or before the printed date. Nothing is
invented: a date without a year ("Apr 29"), a text dated only by its press release ("said a
press release issued on Friday") or a text with no printed year gets no date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from dateutil import parser as date_parser
from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
DAY = r"(?:[0-2]?\d|3[01])(?:st|nd|rd|th)?"
DATE_RE = re.compile(
    rf"\b(?:(?P<dmy>{DAY}\s+{MONTH},?\s+\d{{4}})|(?P<mdy>{MONTH}\s+{DAY},?\s+\d{{4}})"
    r"|(?P<iso>\d{4}-\d{2}-\d{2}))\b"
)
WEEKDAYS = {
    "monday": MO,
    "tuesday": TU,
    "wednesday": WE,
    "thursday": TH,
    "friday": FR,
    "saturday": SA,
    "sunday": SU,
}
DAY_RE = re.compile(r"\b(?P<day>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today)\b")
# A date that is a deadline or a future event, not the meeting's.
DEADLINE = re.compile(
    r"\b(?:by|before|until|till|from|scheduled (?:for|on)|will be held on|to be held on"
    r"|(?:will|would|to) (?:\w+ ){0,2}on)\s+(?:\w+,?\s+)?$",
    re.I,
)
# A weekday that dates the statement about the meeting, or another week's day.
STATEMENT_DAY = re.compile(
    r"\b(?:statement|release|press release|issued|announced|said|reported|told)\b[^.;:]{0,40}$"
    r"|\b(?:next|coming|last|every|till|until|by|from)\s+$",
    re.I,
)


@dataclass
class Found:
    start: int
    value: date
    stamp: bool  # a byline, footer or publisher's stamp: it dates the text, not the meeting


def _read(expression: str) -> date | None:
    cleaned = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", expression).replace(".", " ")
    try:
        return date_parser.parse(cleaned, dayfirst=True, fuzzy=False).date()
    except (ValueError, OverflowError):
        return None


def _is_stamp(text: str, start: int, end: int) -> bool:
    """A date in brackets with its publisher, on a short line it ends (a byline or
    "Press Release 27 Apr, 2022"), or after "Published"."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before = text[line_start:start]
    after = text[end:line_end]
    if "(" in before and ")" in after[:6] or re.search(r"\bPublished\b", before):
        return True
    if re.search(r"\b(?:on|held|dated|of)\s+(?:\w+,?\s+)?$", before, re.I):
        return False  # "met officials on 3 May 2024": the meeting's own date
    if re.fullmatch(r"\s*(?:Date|Meeting date|Date of (?:the )?meeting)\s*:\s*", before, re.I):
        return False  # minutes' "Date: 7 August 2024" heading
    return not after.strip(" .)") and len(before) < 60


def stated_dates(text: str) -> list[Found]:
    found = []
    for m in DATE_RE.finditer(text):
        if DEADLINE.search(text[max(0, m.start() - 40) : m.start()]):
            continue
        value = _read(m.group(0))
        if value is not None:
            found.append(Found(m.start(), value, _is_stamp(text, m.start(), m.end())))
    return found


def _is_dateline(text: str, found: Found) -> bool:
    """ "ISLAMABAD, 18 April 2025 –" or "October 7, 2020:" opening a line."""
    line_start = text.rfind("\n", 0, found.start) + 1
    before = text[line_start : found.start]
    return len(before) < 30 and not re.search(r"\b(?:on|held|dated)\s*$", before, re.I)


def meeting_day(text: str) -> tuple[int, str] | None:
    """The first weekday or "today" that dates the meeting: (position, word)."""
    for m in DAY_RE.finditer(text):
        if m.group("day") == "today" and re.match(r"[’']s\b", text[m.end() : m.end() + 2]):
            continue
        before = re.split(r"[\n.;]", text[max(0, m.start() - 60) : m.start()])[-1]
        if STATEMENT_DAY.search(before):
            continue
        return m.start(), m.group("day").lower()
    return None


def resolve(anchor: date, day: str) -> date:
    if day == "today":
        return anchor
    return anchor + relativedelta(weekday=WEEKDAYS[day](-1))


def anchor_date(text: str) -> date | None:
    """The first date with a year printed as a dateline, byline or footer: what a deadline
    counted from "the meeting" is counted from when the meeting's own date is not stated."""
    anchors = [d for d in stated_dates(text) if d.stamp or _is_dateline(text, d)]
    return anchors[0].value if anchors else None


def find_date(text: str) -> tuple[date | None, int | None]:
    """The meeting's date and the position it was read from (None, None: not stated)."""
    dates = stated_dates(text)
    running = [d for d in dates if not d.stamp and not _is_dateline(text, d)]
    if running:
        return running[0].value, running[0].start
    anchors = [d for d in dates if d.stamp or _is_dateline(text, d)]
    if not anchors:
        return None, None
    day = meeting_day(text)
    if day is not None:
        return resolve(anchors[0].value, day[1]), day[0]
    datelines = [d for d in anchors if not d.stamp]
    if datelines:
        return datelines[0].value, datelines[0].start
    return None, None


# ---- a pledge's due date ------------------------------------------------------------

NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15, "thirty": 30,
}  # fmt: skip
WITHIN = re.compile(
    rf"\bwithin\s+(?:the\s+next\s+)?(?P<n>\d{{1,3}}|{'|'.join(NUMBERS)})\s+"
    r"(?P<unit>day|week|month|year)s?\b",
    re.I,
)
BY = r"\b(?:by|before|until|till|in|during|no later than)\s+(?:the\s+)?(?:end\s+of\s+)?"
DUE_DATE = re.compile(rf"{BY}(?P<date>{DATE_RE.pattern})", re.I)
DUE_MONTH = re.compile(rf"{BY}(?P<month>{MONTH})\s*,?\s+(?P<year>(?:19|20)\d\d)\b", re.I)
DUE_YEAR = re.compile(rf"{BY}(?:(?:the\s+)?year\s+)?(?P<year>20\d\d)\b(?!-)", re.I)
DUE_NEXT_YEAR = re.compile(rf"{BY}next\s+year\b", re.I)
DUE_DAY_NO_YEAR = re.compile(
    rf"\b(?:on|by|before)\s+(?:(?P<md>{MONTH}\s+{DAY})|(?P<dm>{DAY}\s+{MONTH}))(?!,?\s*\d{{4}})\b",
    re.I,
)


def due_date(text: str, reference: date | None) -> str | None:
    """When a pledge is due, as much as the text states: an ISO date, "YYYY-MM" or "YYYY".
    A deadline counted from the meeting ("within two weeks", "by next year", "on 11
    September") is read only when the meeting's date (`reference`) is known: nothing is
    invented."""
    if m := DUE_DATE.search(text):
        found = _read(m.group("date"))
        return found.isoformat() if found else None
    if m := DUE_MONTH.search(text):
        found = _read(f"1 {m.group('month')} {m.group('year')}")
        return found.isoformat()[:7] if found else None
    if m := DUE_YEAR.search(text):
        return m.group("year")
    if reference is None:
        return None
    if DUE_NEXT_YEAR.search(text):
        return str(reference.year + 1)
    if m := WITHIN.search(text):
        n = m.group("n").lower()
        count = int(n) if n.isdigit() else NUMBERS[n]
        unit = m.group("unit").lower()
        later = {
            "day": relativedelta(days=count),
            "week": relativedelta(weeks=count),
            "month": relativedelta(months=count),
            "year": relativedelta(years=count),
        }[unit]
        return (reference + later).isoformat()
    if m := DUE_DAY_NO_YEAR.search(text):
        found = _read(f"{m.group('md') or m.group('dm')} {reference.year}")
        if found is not None and found < reference:
            found = found.replace(year=reference.year + 1)
        return found.isoformat() if found else None
    return None
