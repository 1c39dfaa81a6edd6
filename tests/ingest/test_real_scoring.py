"""The scoring added for the real-text corpus (issue 18), on tiny synthetic cases: sides and
people's organisations among the people found by name, labelled organisation aliases, pledges
with due dates, stated and invented dates, one table per subfolder, held-out rows hidden."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from app.ingest.draft import Draft, DraftOrganisation, DraftPerson, DraftPledge
from app.ingest.evaluate import CaseResult, evaluate, evaluate_tree, score, table, totals
from tests.cli import engage

REAL = Path(__file__).parent / "real"


def _draft() -> Draft:
    return Draft(
        date=dt.date(2024, 3, 28),
        organisations=[
            DraftOrganisation("Special Technology Zones Authority", "STZA", side="ours"),
            DraftOrganisation("Pakistan Software Houses Association", "PASHA"),
        ],
        people=[
            DraftPerson(
                "Amer Hashmi",
                title="Chairman",
                organisation="Special Technology Zones Authority",
                side="ours",
            ),
            # right name, wrong side and wrong organisation
            DraftPerson(
                "Muhammad Zohaib Khan",
                title="Chairman",
                organisation="Special Technology Zones Authority",
                side="ours",
            ),
            DraftPerson("Nobody Here", title="Director"),
        ],
        pledges=[
            DraftPledge(
                "Pakistan Software Houses Association",
                None,
                "Special Technology Zones Authority",
                "x",
                "support",
            ),
            DraftPledge("Special Technology Zones Authority", None, None, "y", "support"),
        ],
    )


LABELS = {
    "home": "Special Technology Zones Authority",
    "date": dt.date(2024, 3, 28),
    "people": [
        {
            "name": "Amer Hashmi",
            "title": "Chairman",
            "organisation": "STZA",
            "side": "ours",
        },
        {
            "name": "Muhammad Zohaib Khan",
            "title": "Chairman",
            "organisation": "P@SHA",
            "side": "counterpart",
        },
    ],
    "organisations": [
        {"name": "Special Technology Zones Authority", "side": "ours"},
        # the label's own alias: the draft's acronym PASHA is not the label's name
        {"name": "Pakistan Software Houses Association", "side": "counterpart", "also": ["P@SHA"]},
    ],
    "pledges": [
        {"maker": "P@SHA", "recipient": "Special Technology Zones Authority", "due": None},
        {"maker": "STZA", "recipient": None, "due": dt.date(2024, 6, 30)},
    ],
}


def test_sides_and_organisations_are_scored_among_people_found_by_name():
    scores = score(_draft(), LABELS)
    # Zohaib Khan is found by name but put on our side, with our organisation
    assert (scores["sides"].found, scores["sides"].expected) == (1, 2)
    assert (scores["person_orgs"].found, scores["person_orgs"].expected) == (1, 2)
    # people need name, title and organisation: one of three proposals right, one of two expected
    assert (scores["people"].found, scores["people"].proposed, scores["people"].expected) == (
        1,
        3,
        2,
    )
    assert scores["organisations"].recall == 1.0


def test_a_pledge_with_a_stated_due_date_needs_the_date():
    scores = score(_draft(), LABELS)
    assert (scores["pledges"].found, scores["pledges"].expected) == (2, 2)
    # the draft proposes no due date, so the pledge due on 30 June is not met
    assert (scores["pledges_due"].found, scores["pledges_due"].expected) == (1, 2)


@dataclass
class _DuePledge:
    maker: str
    recipient: str | None
    due: dt.date | None
    maker_person: str | None = None


def test_a_due_date_is_met_as_precisely_as_the_label_states_it():
    draft = _draft()
    draft.pledges = [_DuePledge("STZA", None, dt.date(2027, 5, 1))]  # type: ignore[list-item]
    year_only = {
        "organisations": [],
        "pledges": [{"maker": "STZA", "recipient": None, "due": "2027"}],
    }
    assert score(draft, year_only)["pledges_due"].found == 1
    wrong_day = {"pledges": [{"maker": "STZA", "recipient": None, "due": "2027-05-02"}]}
    assert score(draft, wrong_day)["pledges_due"].found == 0
    none_stated = {"pledges": [{"maker": "STZA", "recipient": None, "due": None}]}
    assert score(draft, none_stated)["pledges_due"].found == 0


def _result(name: str, expected, proposed) -> CaseResult:  # type: ignore[no-untyped-def]
    return CaseResult(name, score(Draft(), {}), expected_date=expected, proposed_date=proposed)


def test_dates_stated_right_wrong_missed_and_invented():
    day = dt.date(2022, 11, 29)
    results = [
        _result("right", day, day),
        _result("wrong", day, dt.date(2022, 11, 30)),
        _result("missed", day, None),
        _result("invented", None, day),
        _result("none", None, None),
    ]
    assert [r.date_verdict for r in results] == ["ok", "wrong", "missed", "invented", "-"]
    t = totals(results)
    assert (t.dates_stated, t.dates_right, t.dates_wrong) == (3, 1, 1)
    assert (t.no_date, t.dates_invented) == (2, 1)
    text = table(results)
    assert "dates: 1 of 3 stated dates right (0.33), 1 wrong; 1 invented in 2 texts" in text


def test_held_out_rows_are_not_shown():
    results = [_result("r99-secret-text", None, None)]
    assert "r99-secret-text" in table(results)
    hidden = table(results, rows=False)
    assert "r99-secret-text" not in hidden
    assert "ALL (1 texts)" in hidden


def _write(folder: Path, stem: str, text: str, labels: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{stem}.txt").write_text(text, encoding="utf-8")
    (folder / f"{stem}.yaml").write_text(labels, encoding="utf-8")


def test_each_subfolder_is_evaluated_and_home_is_passed(tmp_path):
    _write(tmp_path / "dev", "a", "text a", "home: PASHA\ndate: null\n")
    _write(tmp_path / "heldout", "b", "text b", "date: 2024-01-02\n")
    seen = []

    def make_draft(text: str, home: str | None = None) -> Draft:
        seen.append((text, home))
        return Draft(date=dt.date(2024, 1, 2))

    parts = evaluate_tree(tmp_path, make_draft)
    assert [name for name, _ in parts] == ["dev", "heldout"]
    assert seen == [("text a", "PASHA"), ("text b", None)]
    dev, held = parts[0][1], parts[1][1]
    assert dev[0].date_verdict == "invented"
    assert held[0].date_verdict == "ok"
    # a folder that holds texts itself is one table, whatever its subfolders
    assert [name for name, _ in evaluate_tree(tmp_path / "dev", make_draft)] == ["dev"]
    assert len(evaluate(tmp_path / "dev", make_draft)) == 1


def test_the_real_corpus_has_a_held_out_set_of_at_least_fifteen():
    dev = sorted((REAL / "dev").glob("*.txt"))
    held = sorted((REAL / "heldout").glob("*.txt"))
    assert len(dev) + len(held) >= 40
    assert len(held) >= 15
    assert all(t.with_suffix(".yaml").exists() for t in dev + held)


def test_cli_prints_one_table_per_subfolder_and_hides_held_out_rows(tmp_path):
    root = tmp_path / "real"
    text = "ISLAMABAD: Amer Hashmi, Chairman STZA, met officials on 3 May 2024."
    _write(
        root / "dev",
        "d1-visible",
        text,
        "home: Special Technology Zones Authority\ndate: 2024-05-03\n",
    )
    _write(root / "heldout", "h1-hidden", text, "date: null\n")
    out = engage(f"sqlite:///{tmp_path / 'unused.db'}", "ingest-eval", str(root)).stdout
    assert "== dev ==" in out
    assert "== heldout ==" in out
    assert "d1-visible" in out
    assert "h1-hidden" not in out
    assert "dates: 1 of 1 stated dates right (1.00)" in out
    assert "dates: 0 of 0 stated dates right, 0 wrong; 1 invented in 1 texts" in out
