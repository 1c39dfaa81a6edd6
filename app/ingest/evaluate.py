"""Scoring drafts against hand-labelled expectations: precision and recall for people
(name + title + organisation), organisations, and pledges (maker + recipient)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz

from app.ingest.draft import Draft
from app.matching import normalise, person_key

TITLE_SIMILARITY = 80


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


def same_org(draft: Draft, draft_name: str | None, expected: str | None) -> bool:
    if draft_name is None or expected is None:
        return draft_name is None and expected is None
    wanted = normalise(expected)
    names = _org_names(draft, draft_name)
    return wanted in names or any(fuzz.ratio(wanted, n) >= 90 for n in names)


def _same_title(found: str | None, expected: str | None) -> bool:
    if not expected:
        return True
    if not found:
        return False
    a, b = normalise(found), normalise(expected)
    return fuzz.token_set_ratio(a, b) >= TITLE_SIMILARITY


def _score(proposed: list[Any], expected: list[Any], same: Callable[[Any, Any], bool]) -> Score:
    unmatched = list(expected)
    found = 0
    for item in proposed:
        hit = next((e for e in unmatched if same(item, e)), None)
        if hit is not None:
            unmatched.remove(hit)
            found += 1
    return Score(found=found, proposed=len(proposed), expected=len(expected), matched=found)


def score(draft: Draft, labels: dict[str, Any]) -> dict[str, Score]:
    def same_person(person, e) -> bool:  # type: ignore[no-untyped-def]
        return (
            fuzz.token_sort_ratio(person_key(person.name), person_key(e["name"])) >= 90
            and _same_title(person.title, e.get("title"))
            and same_org(draft, person.organisation, e.get("organisation"))
        )

    def same_pledge(pledge, e) -> bool:  # type: ignore[no-untyped-def]
        return same_org(draft, pledge.maker, e["maker"]) and same_org(
            draft, pledge.recipient, e.get("recipient")
        )

    return {
        "people": _score(draft.people, labels.get("people") or [], same_person),
        "organisations": _score(
            draft.organisations,
            labels.get("organisations") or [],
            lambda o, e: same_org(draft, o.name, e),
        ),
        "pledges": _score(draft.pledges, labels.get("pledges") or [], same_pledge),
    }


@dataclass
class CaseResult:
    name: str
    scores: dict[str, Score]


def evaluate(folder: Path, make_draft: Callable[[str], Draft]) -> list[CaseResult]:
    results = []
    for text_file in sorted(folder.glob("*.txt")):
        labels_file = text_file.with_suffix(".yaml")
        if not labels_file.exists():
            continue
        labels = yaml.safe_load(labels_file.read_text(encoding="utf-8")) or {}
        draft = make_draft(text_file.read_text(encoding="utf-8"))
        results.append(CaseResult(text_file.stem, score(draft, labels)))
    return results


def table(results: Iterable[CaseResult]) -> str:
    results = list(results)
    totals = {k: Score() for k in ("people", "organisations", "pledges")}
    lines = [f"{'text':34} {'people P/R':>12} {'orgs P/R':>12} {'pledges P/R':>12}"]
    for result in results:
        cells = []
        for key, total in totals.items():
            s = result.scores[key]
            total.add(s)
            cells.append(f"{s.precision:.2f}/{s.recall:.2f}")
        lines.append(f"{result.name:34} " + " ".join(f"{c:>12}" for c in cells))
    cells = [f"{t.precision:.2f}/{t.recall:.2f}" for t in totals.values()]
    lines.append(
        f"{'ALL (' + str(len(results)) + ' texts)':34} " + " ".join(f"{c:>12}" for c in cells)
    )
    counts = ", ".join(
        f"{k}: {t.found} right of {t.proposed} proposed, {t.matched} of {t.expected} expected"
        for k, t in totals.items()
    )
    lines.append(counts)
    return "\n".join(lines)
