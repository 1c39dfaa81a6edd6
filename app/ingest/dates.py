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
