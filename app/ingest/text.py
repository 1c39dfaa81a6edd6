"""What every part of ingest reads with: the cleaned text, its sentences, the mentions of
bodies and people found in it, and the name and title patterns they share."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TypeVar

from app.ingest import lexicon as lx
from app.ingest.draft import (
    DraftOrganisation,
    DraftPerson,
)
from app.ingest.gazetteer import Gazetteer

# Patterns here run in linear time on any text: a capitalised word starts only where no
# word character stands before it and is matched possessively (no backtracking into it),
# and a run of capitalised words is at most RUN_WORDS long, so a 50,000-letter token or a
# page of capitalised words costs one pass, not one pass per letter.
CAP = r"(?<![\w@&’'\-])[A-Z][\w@&’'\-]*+"
CONNECTOR = r"(?:of|and|for|the|&|–|-)"
RUN_WORDS = 14
TITLE_WINDOW = 240  # a title is looked for this many characters either side of a name
RUN = re.compile(rf"{CAP}(?: +(?:{CONNECTOR} +){{0,3}}{CAP}){{0,{RUN_WORDS}}}")
NAME_TOKEN = r"[A-Z][a-z’']+(?:-[A-Za-z][a-z]+){0,3}"
HONORIFIC_RE = (
    r"(?:Prof\.?\s+Dr\.?|Dr\.?|Mr\.?|Ms\.?|Mrs\.?|Miss|Prof\.?|Engr\.?|Engnr\.?|Engineer"
    r"|Barrister|H\.\s?E\.|Hi[sr] Excellency)"
)
# "bin", "bint", "ibn" join the parts of an Arabic name ("Nawaf bin Said Al-Malki").
NAME_PARTICLE = r"(?:(?:bin|bint|ibn)\s+)?"
PERSON_RE = re.compile(
    rf"(?:(?P<hon>{HONORIFIC_RE})\s+)?"
    rf"(?P<name>(?:[A-Z]\.\s?){{0,3}}{NAME_TOKEN}(?:\s+{NAME_PARTICLE}{NAME_TOKEN}){{0,7}})"
)
# "Chief Market Development Officer": a chief officer of any function, besides those listed.
CHIEF_OFFICER = r"Chief(?:\s[A-Z][a-z]+){1,3}\sOfficer"
TITLE_ALTERNATION = "|".join([CHIEF_OFFICER, *(re.escape(t) for t in lx.TITLE_HEADS)])
TITLE_HEAD_RE = re.compile(rf"\b(?:{TITLE_ALTERNATION})\b")
ACRONYM_RE = re.compile(r"\b[A-Z][A-Z@&]{1,8}s?\b")
ABBREVIATIONS = re.compile(
    r"\b(Dr|Mr|Ms|Mrs|Prof|Engr|Lt|Gen|Col|Brig|No|St|Retd|Pvt|Ltd|Co|(?<![\w.])[A-Z])\."
)
PROMOTION = re.compile(
    r"^\s*(?:Follow|Subscribe|Join)\b.*\b(?:Channel|WhatsApp|newsletter|updates)\b", re.I
)


@dataclass
class Sentence:
    start: int
    end: int
    text: str


@dataclass
class OrgMention:
    start: int
    end: int
    org: DraftOrganisation


@dataclass
class PersonMention:
    start: int
    end: int
    person: DraftPerson


Mention = OrgMention | PersonMention
M = TypeVar("M", OrgMention, PersonMention)


@dataclass
class State:
    text: str
    sentences: list[Sentence]
    gazetteer: Gazetteer
    orgs: dict[str, DraftOrganisation] = field(default_factory=dict)  # normalised name → org
    org_mentions: list[OrgMention] = field(default_factory=list)
    people: dict[str, DraftPerson] = field(default_factory=dict)  # person key → person
    person_mentions: list[PersonMention] = field(default_factory=list)
    lists: list[tuple[int, list[DraftOrganisation]]] = field(default_factory=list)

    def sentence_at(self, pos: int) -> Sentence:
        i = bisect.bisect_right(self.sentences, pos, key=lambda s: s.start) - 1
        if i >= 0 and pos < self.sentences[i].end:
            return self.sentences[i]
        return next((s for s in self.sentences if s.start <= pos < s.end), self.sentences[-1])


def clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\u00a0", " ").replace("“", '"').replace("”", '"')
    kept = [line for line in text.split("\n") if not PROMOTION.search(line)]
    return "\n".join(re.sub(r"[ \t]+", " ", line).strip() for line in kept).strip()


def sentences(text: str) -> list[Sentence]:
    protected = ABBREVIATIONS.sub(lambda m: m.group(1) + "\x01", text)
    found, start = [], 0
    for m in re.finditer(r"(?<=[.!?])\s+(?=[A-Z\"'(-])|\n+", protected):
        if m.start() > start:
            found.append(Sentence(start, m.start(), text[start : m.start()]))
        start = m.end()
    if start < len(text):
        found.append(Sentence(start, len(text), text[start:]))
    return [s for s in found if s.text.strip()] or [Sentence(0, len(text), text)]


def orgs_in(state: State, start: int, end: int) -> list[OrgMention]:
    return [m for m in starting_in(state.org_mentions, start, end) if m.end <= end]


def starting_in(mentions: list[M], start: int, end: int) -> list[M]:
    """The mentions (sorted by start) that start in [start, end), found by bisection."""
    lo = bisect.bisect_left(mentions, start, key=lambda m: m.start)
    hi = bisect.bisect_left(mentions, end, key=lambda m: m.start)
    return mentions[lo:hi]
