"""The crisis evaluation, end to end through the trained model, with its CI gates.

It runs the held-out sets through the same Rasa server the other stack tests
use, prints the per-category report (pytest -s shows it; `make evaluate` runs
it on its own), and fails when a gate fails.

Two pairs of sets are scored. `crisis.yml` / `not_crisis.yml` carry the gates the
safety brief sets; their misses were read during development, so their figures flatter.
`independent/` was written by someone who saw neither the detector nor the training
data. The misses of half of it (split by a hash of the text) were read once, early on;
the other half never has been. Its misses are not printed, and it must not fall below
the floors here, a few messages under what it measured.
"""

import json
from pathlib import Path

import pytest

from scripts import evaluate_crisis

pytestmark = pytest.mark.stack

INDEPENDENT = Path(__file__).resolve().parent / "independent"
# Measured 0.965 and 0.096 on 2026-11-23; the margins (two to four messages) absorb a
# retrained classifier's small differences without hiding a real regression.
INDEPENDENT_MIN_RECALL = 0.94
INDEPENDENT_MAX_FALSE_ALARMS = 0.12


def test_crisis_evaluation_meets_its_gates(rasa_url: str, tmp_path: Path) -> None:
    report = tmp_path / "crisis-evaluation.json"
    exit_code = evaluate_crisis.main(
        ["--rasa-url", rasa_url, "--json", str(report), "--multi-turn"]
    )
    assert exit_code == 0, "crisis evaluation gates failed: see the report printed above"


def test_independent_set_holds_its_floor(rasa_url: str, tmp_path: Path) -> None:
    report = tmp_path / "independent.json"
    evaluate_crisis.main(
        [
            "--rasa-url", rasa_url, "--json", str(report), "--max-listed", "0",
            "--crisis-set", str(INDEPENDENT / "crisis.yml"),
            "--negative-set", str(INDEPENDENT / "not_crisis.yml"),
        ]
    )
    figures = json.loads(report.read_text(encoding="utf-8"))
    assert figures["recall"]["overall"] >= INDEPENDENT_MIN_RECALL
    assert figures["false_alarms"]["overall"] <= INDEPENDENT_MAX_FALSE_ALARMS
