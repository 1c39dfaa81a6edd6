"""Ingest scored on the labelled corpus (the two seed texts, eight written for the
purpose, three held out while the rules were written), as `engage ingest-eval` prints it."""

from __future__ import annotations

from pathlib import Path

from app.config import Settings
from app.ingest.evaluate import Score, evaluate, table
from app.ingest.service import build_draft
from tests.cli import engage
from tests.conftest import SECRET

CORPUS = Path(__file__).parent / "corpus"
SETTINGS = Settings(database_url="sqlite://", secret_key=SECRET)


def test_corpus_meets_the_targets():
    results = evaluate(CORPUS, lambda text: build_draft(None, text, SETTINGS))
    assert len(results) >= 10
    totals = {k: Score() for k in ("people", "organisations", "pledges")}
    for result in results:
        for key, total in totals.items():
            total.add(result.scores[key])
    assert totals["people"].precision >= 0.9
    assert totals["people"].recall >= 0.9
    assert totals["organisations"].precision >= 0.9
    assert totals["organisations"].recall >= 0.9
    assert totals["pledges"].precision >= 0.8
    assert totals["pledges"].recall >= 0.8
    assert "ALL (13 texts)" in table(results)


def test_scoring_counts_a_wrong_title_and_a_missed_pledge():
    from app.ingest.draft import Draft, DraftOrganisation, DraftPerson
    from app.ingest.evaluate import score

    draft = Draft(
        organisations=[DraftOrganisation("Pakistan Software Houses Association", "PASHA")],
        people=[
            DraftPerson(
                "Zeeshan Ali",
                title="Secretary",
                organisation="Pakistan Software Houses Association",
            )
        ],
    )
    labels = {
        "people": [{"name": "Zeeshan Ali", "title": "Chairman", "organisation": "PASHA"}],
        "organisations": ["PASHA"],
        "pledges": [{"maker": "PASHA", "recipient": None}],
    }
    scores = score(draft, labels)
    assert (scores["people"].found, scores["people"].expected) == (0, 1)
    assert (scores["organisations"].found, scores["organisations"].precision) == (1, 1.0)
    assert (scores["pledges"].recall, scores["pledges"].precision) == (0.0, 1.0)


def test_cli_prints_the_table(tmp_path):
    out = engage(f"sqlite:///{tmp_path / 'unused.db'}", "ingest-eval", str(CORPUS)).stdout
    assert "people P/R" in out
    assert "ALL (13 texts)" in out
    assert "01-sindh-secretariat" in out
