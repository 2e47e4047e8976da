"""The crisis evaluation, end to end through the trained model, with its CI gates.

It runs the held-out sets through the same Rasa server the other stack tests
use, prints the per-category report (pytest -s shows it; `make evaluate` runs
the script on its own), and fails when a gate fails.
"""

import pytest

from scripts import evaluate_crisis

pytestmark = pytest.mark.stack


def test_crisis_evaluation_meets_its_gates(rasa_url: str, tmp_path) -> None:
    report = tmp_path / "crisis-evaluation.json"
    exit_code = evaluate_crisis.main(
        ["--rasa-url", rasa_url, "--json", str(report), "--multi-turn"]
    )
    assert exit_code == 0, "crisis evaluation gates failed: see the report printed above"
