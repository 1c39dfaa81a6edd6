"""Scoring drafts against hand-labelled expectations: precision and recall for people
(name + title + organisation), organisations, and pledges (maker + recipient); and, where the
labels carry them, pledges with their due dates, each person's side and organisation (among
the people found by name), and the meeting's date (stated dates got right, dates invented
where the text states none).

Labels (`NAME.yaml` beside `NAME.txt`, see tests/ingest/real/README.md): `people` (name,
title, organisation, side), `organisations` (a name, or {name, side, also: [other names]}),
`pledges` (maker, recipient, due), and optionally `home` (the organisation whose side is
"ours" in that text) and `date` (the meeting's date, null when the text states none)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz

from app.ingest.draft import Draft, DraftPerson, DraftPledge
from app.matching import normalise, person_key

TITLE_SIMILARITY = 80
NAME_SIMILARITY = 90

# The kinds scored as precision/recall, then those scored as a share of people found by name.
MATCH_KINDS = ("people", "organisations", "pledges", "pledges_due")
SHARE_KINDS = ("sides", "person_orgs")


@dataclass
class Score:
    found: int = 0  # proposals that were right
    proposed: int = 0
    expected: int = 0
    matched: int = 0  # expectations that were met

    @property
    def precision(self) -> float:
        return self.found / self.proposed if self.proposed else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    def add(self, other: Score) -> None:
        self.found += other.found
        self.proposed += other.proposed
        self.expected += other.expected
        self.matched += other.matched


def _org_names(draft: Draft, name: str | None) -> set[str]:
    """Every way the draft can refer to the organisation called `name`."""
    if name is None:
        return {""}
    org = draft.organisation(name)
    names = {normalise(name)}
    if org and org.acronym:
        names.add(normalise(org.acronym))
    if org and org.match and org.match.name:
        names.add(normalise(org.match.name))
    return names


def same_org(
    draft: Draft, draft_name: str | None, expected: str | None, aliases: Aliases | None = None
) -> bool:
    if draft_name is None or expected is None:
        return draft_name is None and expected is None
    names = _org_names(draft, draft_name)
    wanted = aliases.of(expected) if aliases else {normalise(expected)}
    return bool(wanted & names) or any(
        fuzz.ratio(w, n) >= 90 for w in wanted for n in names if w and n
    )


@dataclass
class Aliases:
    """The labelled names of each organisation: a label may refer to a body by any of them."""

    groups: list[set[str]] = field(default_factory=list)

    @classmethod
    def from_labels(cls, labels: dict[str, Any]) -> Aliases:
        groups = []
        for item in labels.get("organisations") or []:
            if isinstance(item, dict):
                names = [item["name"], *(item.get("also") or [])]
            else:
                names = [item]
            groups.append({normalise(n) for n in names})
        return cls(groups)

    def of(self, name: str) -> set[str]:
        key = normalise(name)
        for group in self.groups:
            if key in group:
                return group
        return {key}


def _same_title(found: str | None, expected: str | None) -> bool:
    if not expected:
        return True
    if not found:
        return False
    a, b = normalise(found), normalise(expected)
    return fuzz.token_set_ratio(a, b) >= TITLE_SIMILARITY


def _same_name(found: str, expected: str) -> bool:
    return fuzz.token_sort_ratio(person_key(found), person_key(expected)) >= NAME_SIMILARITY


def _same_due(found: Any, expected: Any) -> bool:
    """A due date as precise as the label states it: "2027" is met by any day in 2027."""
    if expected is None:
        return found is None
    if found is None:
        return False
    wanted = expected.isoformat() if isinstance(expected, dt.date) else str(expected)
    got = found.isoformat() if isinstance(found, dt.date) else str(found)
    return got[: len(wanted)] == wanted


def _score(proposed: list[Any], expected: list[Any], same: Callable[[Any, Any], bool]) -> Score:
    unmatched = list(expected)
    found = 0
    for item in proposed:
        hit = next((e for e in unmatched if same(item, e)), None)
        if hit is not None:
            unmatched.remove(hit)
            found += 1
    return Score(found=found, proposed=len(proposed), expected=len(expected), matched=found)


def _pairs(
    proposed: list[Any], expected: list[Any], same: Callable[[Any, Any], bool]
) -> list[tuple[Any, Any]]:
    """Each proposal paired with the first unclaimed expectation it meets."""
    unmatched = list(expected)
    pairs: list[tuple[Any, Any]] = []
    for item in proposed:
        hit = next((e for e in unmatched if same(item, e)), None)
        if hit is not None:
            unmatched.remove(hit)
            pairs.append((item, hit))
    return pairs


def _share(pairs: list[tuple[Any, Any]], right: Callable[[Any, Any], bool]) -> Score:
    n = len(pairs)
    ok = sum(1 for found, e in pairs if right(found, e))
    return Score(found=ok, proposed=n, expected=n, matched=ok)


def score(draft: Draft, labels: dict[str, Any]) -> dict[str, Score]:
    aliases = Aliases.from_labels(labels)
    people = labels.get("people") or []
    org_labels = [
        o["name"] if isinstance(o, dict) else o for o in labels.get("organisations") or []
    ]
    pledges = labels.get("pledges") or []

    def same_person(person: DraftPerson, e: dict[str, Any]) -> bool:
        return (
            _same_name(person.name, e["name"])
            and _same_title(person.title, e.get("title"))
            and same_org(draft, person.organisation, e.get("organisation"), aliases)
        )

    def same_pledge(pledge: DraftPledge, e: dict[str, Any]) -> bool:
        return same_org(draft, pledge.maker, e["maker"], aliases) and same_org(
            draft, pledge.recipient, e.get("recipient"), aliases
        )

    def same_pledge_due(pledge: DraftPledge, e: dict[str, Any]) -> bool:
        return same_pledge(pledge, e) and _same_due(getattr(pledge, "due", None), e.get("due"))

    by_name = _pairs(draft.people, people, lambda p, e: _same_name(p.name, e["name"]))
    with_side = [(p, e) for p, e in by_name if e.get("side")]
    return {
        "people": _score(draft.people, people, same_person),
        "organisations": _score(
            draft.organisations, org_labels, lambda o, e: same_org(draft, o.name, e, aliases)
        ),
        "pledges": _score(draft.pledges, pledges, same_pledge),
        "pledges_due": _score(draft.pledges, pledges, same_pledge_due),
        "sides": _share(with_side, lambda p, e: p.side == e["side"]),
        "person_orgs": _share(
            by_name, lambda p, e: same_org(draft, p.organisation, e.get("organisation"), aliases)
        ),
    }


NOT_LABELLED = object()  # a text whose labels say nothing about the date


@dataclass
class CaseResult:
    name: str
    scores: dict[str, Score]
    expected_date: Any = NOT_LABELLED  # a date, None (not stated) or NOT_LABELLED
    proposed_date: dt.date | None = None

    @property
    def date_verdict(self) -> str:
        """ok / wrong / missed (a stated date), invented / - (none stated), or blank."""
        if self.expected_date is NOT_LABELLED:
            return ""
        if self.expected_date is None:
            return "invented" if self.proposed_date is not None else "-"
        if self.proposed_date is None:
            return "missed"
        return "ok" if self.proposed_date == self.expected_date else "wrong"


def _as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def labelled_texts(folder: Path) -> list[Path]:
    return [t for t in sorted(folder.glob("*.txt")) if t.with_suffix(".yaml").exists()]


def evaluate(folder: Path, make_draft: Callable[..., Draft]) -> list[CaseResult]:
    """Score every labelled text in `folder`. `make_draft(text)` builds a draft; for a text
    whose labels name a `home`, `make_draft(text, home)` builds it as read by that body."""
    results = []
    for text_file in labelled_texts(folder):
        labels = yaml.safe_load(text_file.with_suffix(".yaml").read_text(encoding="utf-8")) or {}
        text = text_file.read_text(encoding="utf-8")
        home = labels.get("home")
        draft = make_draft(text) if home is None else make_draft(text, home)
        result = CaseResult(text_file.stem, score(draft, labels), proposed_date=draft.date)
        if "date" in labels:
            result.expected_date = _as_date(labels["date"])
        results.append(result)
    return results


HELD_OUT = "heldout"  # a folder of texts whose rows are never shown, only their totals


def evaluate_tree(
    folder: Path, make_draft: Callable[..., Draft]
) -> list[tuple[str, list[CaseResult]]]:
    """The folder's own labelled texts, or else each subfolder's (e.g. dev/ and heldout/),
    as (name, results) in order."""
    if labelled_texts(folder):
        return [(folder.name, evaluate(folder, make_draft))]
    return [
        (sub.name, evaluate(sub, make_draft))
        for sub in sorted(p for p in folder.iterdir() if p.is_dir())
        if labelled_texts(sub)
    ]


@dataclass
class Totals:
    scores: dict[str, Score]
    texts: int
    dates_stated: int
    dates_right: int
    dates_wrong: int
    no_date: int
    dates_invented: int


def totals(results: Iterable[CaseResult]) -> Totals:
    results = list(results)
    scores = {k: Score() for k in MATCH_KINDS + SHARE_KINDS}
    for result in results:
        for key, total in scores.items():
            total.add(result.scores[key])
    verdicts = [r.date_verdict for r in results]
    return Totals(
        scores=scores,
        texts=len(results),
        dates_stated=sum(v in ("ok", "wrong", "missed") for v in verdicts),
        dates_right=verdicts.count("ok"),
        dates_wrong=verdicts.count("wrong"),
        no_date=sum(v in ("invented", "-") for v in verdicts),
        dates_invented=verdicts.count("invented"),
    )


def _pr(s: Score) -> str:
    return f"{s.precision:.2f}/{s.recall:.2f}"


def _share_cell(s: Score) -> str:
    return f"{s.found}/{s.expected}" if s.expected else "-"


def table(results: Iterable[CaseResult], rows: bool = True) -> str:
    """The table of scores: a row per text (unless `rows` is false: a held-out set shows
    only its totals), the totals, and the counts behind them."""
    results = list(results)
    width = max([34, *(len(r.name) for r in results)])
    head = (
        f"{'text':{width}} {'people P/R':>12} {'orgs P/R':>12} {'pledges P/R':>12} "
        f"{'+due P/R':>12} {'sides':>7} {'p.orgs':>7} {'date':>9}"
    )
    lines = [head]
    for r in results if rows else []:
        cells = [_pr(r.scores[k]) for k in MATCH_KINDS]
        shares = [_share_cell(r.scores[k]) for k in SHARE_KINDS]
        lines.append(
            f"{r.name:{width}} "
            + " ".join(f"{c:>12}" for c in cells)
            + " "
            + " ".join(f"{c:>7}" for c in shares)
            + f" {r.date_verdict:>9}"
        )
    t = totals(results)
    cells = [_pr(t.scores[k]) for k in MATCH_KINDS]
    shares = [_share_cell(t.scores[k]) for k in SHARE_KINDS]
    lines.append(
        f"{'ALL (' + str(len(results)) + ' texts)':{width}} "
        + " ".join(f"{c:>12}" for c in cells)
        + " "
        + " ".join(f"{c:>7}" for c in shares)
    )
    names = {"pledges_due": "pledges with due date"}
    lines.append(
        ", ".join(
            f"{names.get(k, k)}: {s.found} right of {s.proposed} proposed, "
            f"{s.matched} of {s.expected} expected"
            for k, s in t.scores.items()
            if k in MATCH_KINDS
        )
    )
    lines.append(
        "of the people found by name: "
        + ", ".join(
            f"{label} {t.scores[k].found}/{t.scores[k].expected} right "
            f"({t.scores[k].precision:.2f})"
            if t.scores[k].expected
            else f"{label} not labelled"
            for k, label in (("sides", "side"), ("person_orgs", "organisation"))
        )
    )
    if t.dates_stated or t.no_date:
        accuracy = f" ({t.dates_right / t.dates_stated:.2f})" if t.dates_stated else ""
        lines.append(
            f"dates: {t.dates_right} of {t.dates_stated} stated dates right{accuracy}, "
            f"{t.dates_wrong} wrong; {t.dates_invented} invented "
            f"in {t.no_date} texts that state none"
        )
    return "\n".join(lines)
