"""No near copies between what the system learns from and what measures it.

Near copy: word-set Jaccard >= 0.8 (scripts/near_duplicates.py, shared with the abilities
set's leakage test). Checked:
- every evaluation set (development, independent, multi-turn judged turns) against the
  external sets in ../shared/eval/ and against each other's held-out sets;
- the NLU training data, the detector's patterns and every string in tests/**/*.py
  against every evaluation set, the external ones included.
A failure names our own text and where it is; an external text is named only by its
file and position, so CI output never prints the external set.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from scripts.crisis_scoring import EVAL_DIR, EXTERNAL_SET, INDEPENDENT_DIR, ROOT
from scripts.near_duplicates import jaccard, near_duplicates, words
from tests.evaluation.test_sets import nlu_training_texts

THRESHOLD = 0.8
SHARED_EVAL = EXTERNAL_SET.parent
# Scene-setting words and menu answers are bound to recur everywhere; too short to leak.
MIN_WORDS = 4

Texts = list[tuple[str, str]]  # (where, text)


def _yaml_texts(path: Path) -> list[str]:
    """Every `text:` string in a YAML file, however it nests."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "text" and isinstance(value, str):
                    found.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return found


def _long(texts: Texts) -> Texts:
    return [(w, t) for w, t in texts if len(words(t)) >= MIN_WORDS]


def external_texts() -> Texts:
    if not SHARED_EVAL.is_dir():
        pytest.fail(f"{SHARED_EVAL} must sit beside the clone")
    return _long([(f"{p.name}#{i}", t) for p in sorted(SHARED_EVAL.glob("*.yml"))
                  for i, t in enumerate(_yaml_texts(p))])


def development_texts() -> Texts:
    texts = [(f"{n}", t) for n in ("crisis.yml", "not_crisis.yml")
             for t in _yaml_texts(EVAL_DIR / n)]
    multi = yaml.safe_load((EVAL_DIR / "multi_turn.yml").read_text(encoding="utf-8"))
    texts += [(f"multi_turn.yml:{c['id']}", c["turns"][e["turn"]])
              for c in multi["conversations"] for e in c["expect"]]
    return _long(texts)


def independent_texts() -> Texts:
    return _long([(f"independent/{n}", t) for n in ("crisis.yml", "not_crisis.yml")
                  for t in _yaml_texts(INDEPENDENT_DIR / n)])


def training_texts() -> Texts:
    files = sorted((ROOT / "data" / "nlu").rglob("*.yml"))
    return _long([(str(p.relative_to(ROOT)), t) for p in files for t in nlu_training_texts(p)])


_SYNTAX = re.compile(r"[()/|?=!@*~#<>_]|\b\d+\b")


def pattern_texts() -> Texts:
    """The detector's patterns, read as the words they spell out."""
    raw = yaml.safe_load((ROOT / "data" / "safety" / "crisis_patterns.yml").read_text("utf-8"))
    texts: Texts = []
    for section in ("rules", "frames"):
        for entry in raw.get(section) or []:
            for pattern in entry.get("patterns") or []:
                texts.append((f"crisis_patterns.yml:{entry['id']}", _SYNTAX.sub(" ", pattern)))
    return _long(texts)


def test_strings() -> Texts:
    texts: Texts = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                texts.append((f"{path.relative_to(ROOT)}:{node.lineno}", node.value))
    return _long(texts)


test_strings.__test__ = False  # a helper, not a test


KNOWN = Path(__file__).resolve().parent / "known_near_copies.txt"


def _leaks(ours: Texts, theirs: Texts, show_theirs: bool) -> list[str]:
    """One line per near copy: our place and text, then theirs (an external text by place only)."""
    pairs = near_duplicates([t for _, t in ours], [t for _, t in theirs], THRESHOLD)
    return sorted({
        f"{_place(ours[i][0])} | {ours[i][1]!r} ~ {_place(theirs[j][0])}"
        + (f" | {theirs[j][1]!r}" if show_theirs else "")
        for i, j, _ in pairs
    })


def _place(where: str) -> str:
    """A test's file without its line number, so moving a line does not change the key."""
    return re.sub(r"\.py:\d+$", ".py", where)


def all_leaks() -> list[str]:
    external = external_texts()
    held_out = development_texts() + independent_texts()
    leaks = _leaks(held_out, external, False)
    leaks += _leaks(development_texts(), independent_texts(), True)
    for ours in (training_texts(), pattern_texts(), test_strings()):
        leaks += _leaks(ours, external, False) + _leaks(ours, held_out, True)
    return sorted(set(leaks))


def known() -> set[str]:
    lines = KNOWN.read_text(encoding="utf-8").splitlines()
    return {line for line in lines if line and not line.startswith("#")}


def test_the_helper_matches_a_plain_count() -> None:
    a = ["i want to go home now", "the cat sat on the mat", "nothing here", ""]
    b = ["now i want to go home", "a cat sat on a mat", "i want to go home"]
    brute = [(i, j) for i, x in enumerate(a) for j, y in enumerate(b)
             if words(x) and words(y) and jaccard(words(x), words(y)) >= 0.8]
    assert [(i, j) for i, j, _ in near_duplicates(a, b, 0.8)] == brute == [(0, 0), (0, 2)]
    assert words("It's ME, isn\u2019t it?!") == {"it's", "me", "isn't", "it"}
    assert near_duplicates(["a b c d e", "a b c d e f"]) == [(0, 1, pytest.approx(5 / 6))]


def test_no_new_near_copies() -> None:
    """Every near copy fails, except those listed in known_near_copies.txt (found when
    this guard was added, 2026-12-03; each to be reworded or removed by whoever owns
    the file). The list may only shrink: a listed pair that is gone must be deleted."""
    current = set(all_leaks())
    new = sorted(current - known())
    stale = sorted(known() - current)
    assert not new, f"{len(new)} new near copies (Jaccard >= {THRESHOLD}):\n  " + "\n  ".join(
        new[:40])
    assert not stale, "fixed near copies still listed in known_near_copies.txt:\n  " + (
        "\n  ".join(stale[:40]))


def test_nothing_copies_the_external_crisis_set() -> None:
    """No exceptions for the crisis measure in what this project writes for crisis:
    the detector's patterns and tests, the crisis training examples, the evaluation sets."""
    external = [x for x in external_texts() if x[0].startswith("crisis_external")]
    crisis_owned = [x for x in training_texts() if x[0].endswith("crisis.yml")]
    crisis_owned += pattern_texts() + development_texts() + independent_texts()
    crisis_owned += [x for x in test_strings()
                     if x[0].startswith(("tests/safety", "tests/evaluation"))]
    leaks = _leaks(crisis_owned, external, False)
    assert not leaks, f"{len(leaks)} near copies of the external crisis set:\n  " + "\n  ".join(
        leaks)
