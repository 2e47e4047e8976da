"""Understanding, measured on a set written outside the project, with the issue's gates.

The trained model is loaded once per session, in process; the external abilities set
(`../shared/eval/abilities_external.yml`, beside the clone on CI) goes through it and
is scored by `scripts.evaluate_nlu` against `abilities.map.yml`. Cross-validation is
one fixed held-out fifth of data/nlu and a model trained on the rest, here, every run
(a linear classifier trains in about a minute), so its figure is always for today's
data. And no training example or test text may copy an external text, or nearly.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

import pytest
import yaml

from scripts import evaluate_nlu

ROOT = evaluate_nlu.ROOT
SHARED_EVAL = ROOT.parent / "shared" / "eval"
NEAR_COPY = 0.8


@pytest.fixture(scope="session")
def parser() -> evaluate_nlu.Parser:
    if not list(evaluate_nlu.MODEL_DIR.glob("*.tar.gz")):
        pytest.fail("No trained model: run `make train` (or `make test`, which trains).")
    return evaluate_nlu.Parser()


@pytest.fixture(scope="session")
def abilities_report(parser: evaluate_nlu.Parser) -> Iterator[dict]:
    if not evaluate_nlu.EXTERNAL_FILE.exists():
        pytest.skip(f"{evaluate_nlu.EXTERNAL_FILE} is not beside this clone")
    report = evaluate_nlu.evaluate(parser)
    print("\n" + evaluate_nlu.format_report(report))
    yield report


# Measured 2026-12-04 (README, "Understanding"): 208/219 correct, fallback 4, every
# label at 75% or more, topic 54/54, place 51/52, none read as crisis; cross-validation
# weighted F1 0.872, the classifier alone sure of crisis (0.5 or more) on 14 of 1,509
# held-out non-crisis examples. The external gates hold and are tested as they are. The
# cross-validation gates are not met yet: strict xfail, so the marker must go the day
# they pass; the floors, a little under what was measured, keep what was reached.
NOT_YET = pytest.mark.xfail(strict=True, reason="issue 12's gates not met yet (README)")
MIN_CV_WEIGHTED_F1 = 0.86
MAX_CLASSIFIER_CRISIS_SHARE = 0.012


def test_external_abilities_meet_the_overall_gates(abilities_report: dict) -> None:
    overall = evaluate_nlu.overall_gates(abilities_report)
    assert not overall, "understanding gates failed:\n  " + "\n  ".join(overall)


def test_every_external_label_is_at_least_three_quarters_right(abilities_report: dict) -> None:
    failed = evaluate_nlu.label_gates(abilities_report)
    assert not failed, "understanding gates failed:\n  " + "\n  ".join(failed)


def test_nothing_on_the_abilities_set_becomes_crisis(abilities_report: dict) -> None:
    assert abilities_report["read_as_crisis"] == 0


@pytest.fixture(scope="session")
def cross_validation() -> Iterator[dict]:
    """One fixed held-out fifth of data/nlu, a model trained on the rest (about a minute)."""
    cv = evaluate_nlu.cross_validate()
    print("\n" + evaluate_nlu.format_cv(cv))
    yield cv


def test_cross_validation_holds_its_floor(cross_validation: dict) -> None:
    assert cross_validation["weighted_f1"] >= MIN_CV_WEIGHTED_F1


def test_the_classifier_alone_rarely_hears_crisis_in_ordinary_words(
        cross_validation: dict) -> None:
    share = (cross_validation["classifier_crisis_at_half"]
             / cross_validation["not_crisis_tested"])
    assert share <= MAX_CLASSIFIER_CRISIS_SHARE, cross_validation["classifier_crisis_at_half"]


@NOT_YET
def test_cross_validation_meets_the_gates(cross_validation: dict) -> None:
    failed = evaluate_nlu.cv_gates(cross_validation)
    assert not failed, "\n  ".join(failed)


def readme_phrasings() -> list[dict[str, str]]:
    """The README's "three ways to say it" per capability, as labelled items."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("### Phrasings that work, per capability"):]
    table = table[:table.index("\n\n", table.index("| capability |"))]
    items = []
    for row in table.splitlines()[3:]:
        label, phrasings = (cell.strip() for cell in row.strip("|").split("|"))
        items += [{"text": text, "label": label} for text in re.findall(r'"([^"]+)"', phrasings)]
    return items


def test_the_readme_phrasings_work(parser: evaluate_nlu.Parser) -> None:
    items = readme_phrasings()
    labels = {item["label"] for item in items}
    assert labels == set(evaluate_nlu.load_map()["labels"]), "one row per capability"
    assert all(sum(i["label"] == label for i in items) == 3 for label in labels)
    report = evaluate_nlu.score(items, parser.parse_all([i["text"] for i in items]),
                                evaluate_nlu.load_map())
    failing = {name: label["wrong"] or "fallback" for name, label in report["labels"].items()
               if label["correct"] < label["total"]}
    assert not failing, f"README phrasings that do not work: {failing}"


def test_every_external_label_is_mapped_to_known_intents() -> None:
    mapping = evaluate_nlu.load_map()
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    intents = set(domain["intents"])
    header = EXTERNAL_HEADER.findall(_external_header())
    # Labels are the comma-separated names; notes in brackets are not labels.
    listed = re.sub(r"\([^)]*\)", "", " ".join(header))
    labels = {label.strip(" .") for label in listed.split(",") if label.strip(" .")}
    assert labels <= set(mapping["labels"]), sorted(labels - set(mapping["labels"]))
    for label, spec in mapping["labels"].items():
        assert set(spec["intents"]) <= intents, (label, set(spec["intents"]) - intents)


EXTERNAL_HEADER = re.compile(r"^# (?:Labels:|  )(.*)$", re.MULTILINE)


def _external_header() -> str:
    if not evaluate_nlu.EXTERNAL_FILE.exists():
        pytest.skip("external set not beside this clone")
    text = evaluate_nlu.EXTERNAL_FILE.read_text(encoding="utf-8")
    start = text.index("# Labels:")
    return text[start:text.index("# Topics:")]


# ------------------------------------------------------------------ leakage


def words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z0-9]+", text.casefold().replace("'", "")))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


def _texts_in(value: object) -> Iterator[str]:
    """Every `text:` value and every list-item string in a YAML document, nested."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("text", "user") and isinstance(item, str):
                yield item
            else:
                yield from _texts_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from (_texts_in(item) if not isinstance(item, str) else [item])


def external_texts() -> list[str]:
    if not SHARED_EVAL.exists():
        pytest.skip(f"{SHARED_EVAL} is not beside this clone")
    texts = []
    for path in sorted(SHARED_EVAL.glob("*.yml")):
        texts += list(_texts_in(yaml.safe_load(path.read_text(encoding="utf-8"))))
    return texts


def project_texts() -> list[tuple[str, str]]:
    """(where, text): NLU examples, the project's own evaluation sets and test stories."""
    found = []
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in data.get("nlu") or []:
            if isinstance(item, dict) and isinstance(item.get("examples"), str):
                for line in item["examples"].splitlines():
                    line = line.strip()
                    if line.startswith("- "):
                        text = re.sub(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})", r"\1", line[2:])
                        found.append((str(path.relative_to(ROOT)), text))
    others = [*sorted((ROOT / "tests" / "evaluation").rglob("*.yml")),
              *sorted((ROOT / "tests" / "stories").glob("*.yml"))]
    for path in others:
        if path.name == "abilities.map.yml":
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found += [(str(path.relative_to(ROOT)), t) for t in _texts_in(data)]
    return found


def test_no_project_text_copies_an_external_one() -> None:
    outside = [(text, words(text)) for text in external_texts()]
    index: dict[str, list[int]] = {}
    for number, (_, bag) in enumerate(outside):
        for word in bag:
            index.setdefault(word, []).append(number)
    leaks = []
    for where, text in project_texts():
        bag = words(text)
        if not bag:
            continue
        candidates = {n for word in bag for n in index.get(word, ())}
        for number in candidates:
            if jaccard(bag, outside[number][1]) >= NEAR_COPY:
                leaks.append(f"{where}: {text!r} ~ {outside[number][0]!r}")
    assert not leaks, "near copies of external evaluation texts:\n  " + "\n  ".join(leaks)


def test_the_leak_check_sees_a_near_copy() -> None:
    assert jaccard(words("Shall we try a worry tree?"), words("shall we try a worry tree")) == 1
    assert jaccard(words("help me sleep"), words("help me get to sleep tonight")) < NEAR_COPY


def test_project_texts_are_read(tmp_path: Path) -> None:
    places = {where for where, _ in project_texts()}
    assert any(where.startswith("data/nlu") for where in places)
    assert any(where.startswith("tests/evaluation") for where in places)
