"""The crisis evaluation, end to end through the trained model, with its CI gates.

It runs the held-out sets through the same Rasa server the other stack tests
use, prints the per-category report (pytest -s shows it; `make evaluate` runs
it on its own), and fails when a gate fails. Every set has a floor per crisis
category and a ceiling per negative category (scripts/crisis_scoring.py GATES).

Three sets are scored:
- `crisis.yml` / `not_crisis.yml` (development): their misses were read during
  development, so their figures flatter. Misses are printed.
- `independent/` (see its header for how it was made): never tuned against; its
  misses are not printed.
- `../shared/eval/crisis_external.yml` (external, read-only, beside the clone):
  written by people who never saw the project. Its misses are never printed here.
"""

import json
from pathlib import Path

import pytest

from scripts import evaluate_crisis
from scripts.crisis_scoring import EXTERNAL_SET, INDEPENDENT_DIR

pytestmark = pytest.mark.stack


def test_crisis_evaluation_meets_its_gates(rasa_url: str, tmp_path: Path) -> None:
    report = tmp_path / "crisis-evaluation.json"
    exit_code = evaluate_crisis.main(
        ["--rasa-url", rasa_url, "--json", str(report), "--multi-turn"]
    )
    assert exit_code == 0, "crisis evaluation gates failed: see the report printed above"


def test_independent_set_holds_its_floors(rasa_url: str, tmp_path: Path) -> None:
    report = tmp_path / "independent.json"
    exit_code = evaluate_crisis.main(
        [
            "--rasa-url", rasa_url, "--json", str(report), "--max-listed", "0",
            "--gates", "independent",
            "--crisis-set", str(INDEPENDENT_DIR / "crisis.yml"),
            "--negative-set", str(INDEPENDENT_DIR / "not_crisis.yml"),
        ]
    )
    figures = json.loads(report.read_text(encoding="utf-8"))
    assert not figures["errors"], "failed requests are not a pass"
    assert exit_code == 0, f"independent set below its floors: {figures['gate_failures']}"


def test_external_set_meets_the_issues_gates(rasa_url: str, tmp_path: Path) -> None:
    assert EXTERNAL_SET.is_file(), f"{EXTERNAL_SET} must sit beside the clone (../shared/eval/)"
    report = tmp_path / "external.json"
    exit_code = evaluate_crisis.main(
        ["--rasa-url", rasa_url, "--json", str(report), "--max-listed", "0", "--external"]
    )
    figures = json.loads(report.read_text(encoding="utf-8"))
    assert not figures["errors"], "failed requests are not a pass"
    assert exit_code == 0, f"external set below its gates: {figures['gate_failures']}"
