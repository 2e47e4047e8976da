"""Validate the held-out crisis evaluation sets, and keep them out of training.

Why: a recall figure is only as good as the set behind it. These tests keep the sets
well-formed, balanced across the categories the safety brief names, free of duplicates
(which would weight one phrasing twice), consistent (no message both must and must not be
flagged), and HELD OUT: if an evaluation text appears in data/nlu/, the model is scored on
what it memorised, not on how it generalises, so the test fails and says which text.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from scripts import crisis_scoring, evaluate_crisis

ROOT = Path(__file__).resolve().parents[2]
EVAL_DIR = Path(__file__).resolve().parent
NLU_DIR = ROOT / "data" / "nlu"
# A second held-out pair, written by someone who had not seen the detector or the training
# data: never tuned against, so its figures are the honest ones.
INDEPENDENT_DIR = EVAL_DIR / "independent"

MIN_CRISIS_TOTAL = 260
MIN_CRISIS_PER_CATEGORY = 20
MIN_NEGATIVE_TOTAL = 260
MIN_NEGATIVE_PER_CATEGORY = 25
MIN_MEANS_AFTER_CRISIS = 12
MULTI_TURN_KINDS = ("means_after_crisis", "crisis_during_exercise", "crisis_late", "control")

#: Words that make a negative hard: the same words a keyword matcher would fire on.
HARD_WORDS = re.compile(
    r"kill|\bdie|died|dying|dead|deid|death|suicid|\bcut|overdos|hurt|\bend|bridge|pill"
    r"|tablet|jump|murder|harm|paracetamol|drown|rope|blade|hang|crisis|abus|assault|\bhit\b"
    r"|danger|toppin|daft|stupid|ambulance|own life|burn|sectioned|purge|forc|police"
    r"|samaritans|helpline|safety plan|blood|bleed|999"
)
#: Share of negatives that must contain such a word (they are meant to be hard; greetings
#: and menu requests are the natural exceptions).
MIN_HARD_SHARE = 0.65


ev = crisis_scoring
cli = evaluate_crisis
normalise = ev.normalise

SETS = {
    "crisis.yml": (ev.CRISIS_CATEGORIES, MIN_CRISIS_PER_CATEGORY, MIN_CRISIS_TOTAL),
    "not_crisis.yml": (ev.NOT_CRISIS_CATEGORIES, MIN_NEGATIVE_PER_CATEGORY, MIN_NEGATIVE_TOTAL),
}
# The independent pair gets the same schema, count and duplicate checks (issue 13).
MIN_INDEPENDENT_PER_CATEGORY = 12
MIN_INDEPENDENT_TOTAL = 160
ALL_SETS = {
    **SETS,
    "independent/crisis.yml": (ev.CRISIS_CATEGORIES, MIN_INDEPENDENT_PER_CATEGORY,
                               MIN_INDEPENDENT_TOTAL),
    "independent/not_crisis.yml": (ev.NOT_CRISIS_CATEGORIES, MIN_INDEPENDENT_PER_CATEGORY,
                                   MIN_INDEPENDENT_TOTAL),
}


def _read(name: str) -> Any:
    return yaml.safe_load((EVAL_DIR / name).read_text(encoding="utf-8"))


def _examples(name: str) -> list[dict[str, Any]]:
    return _read(name)["examples"]


def _multi_turn() -> list[dict[str, Any]]:
    return _read("multi_turn.yml")["conversations"]


def all_evaluation_texts() -> list[tuple[str, str]]:
    """(where, text) for every scored message, judged multi-turn turns included.

    Unjudged multi-turn turns ("ok", "thanks", "hiya") only set the scene; they are
    bound to be training examples too, and that leaks nothing about what is scored.
    """
    texts = [(name, e["text"]) for name in SETS for e in _examples(name)]
    texts += [
        (f"independent/{name}", e["text"])
        for name in SETS
        for e in yaml.safe_load((INDEPENDENT_DIR / name).read_text(encoding="utf-8"))["examples"]
    ]
    texts += [
        (f"multi_turn.yml:{c['id']}", c["turns"][e["turn"]])
        for c in _multi_turn()
        for e in c["expect"]
    ]
    return texts


_ENTITY = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")


def nlu_training_texts(path: Path) -> list[str]:
    """Intent examples from a Rasa 3 NLU YAML file, entity markup removed.

    Handles the block form (``examples: |`` then ``- text`` lines) and the list form
    (``examples: [{text: ...}]``); ignores synonyms, lookups and regexes, which are not
    sentences the classifier is trained on.
    """
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    texts: list[str] = []
    for item in data.get("nlu") or [] if isinstance(data, dict) else []:
        if not isinstance(item, dict) or "intent" not in item:
            continue
        examples = item.get("examples")
        if isinstance(examples, str):
            for line in examples.splitlines():
                line = line.strip()
                if line.startswith("-"):
                    texts.append(line[1:].strip())
        elif isinstance(examples, list):
            for example in examples:
                text = example.get("text") if isinstance(example, dict) else example
                if isinstance(text, str):
                    texts.append(text)
    return [_ENTITY.sub(r"\1", t) for t in texts if t]


# ------------------------------------------------------------------ single sets


@pytest.mark.parametrize("name", ALL_SETS)
def test_schema(name: str) -> None:
    data = _read(name)
    assert isinstance(data, dict) and set(data) == {"version", "examples"}, name
    known = ALL_SETS[name][0]
    for i, item in enumerate(data["examples"]):
        assert isinstance(item, dict) and set(item) == {"text", "category"}, (name, i, item)
        text, category = item["text"], item["category"]
        assert isinstance(text, str) and text.strip() == text and text, (name, i, text)
        assert len(text) <= 600, (name, i, "longer than a phone message")
        assert category in known, (name, i, category)


@pytest.mark.parametrize("name", ALL_SETS)
def test_minimum_counts(name: str) -> None:
    known, per_category, total = ALL_SETS[name]
    counts = Counter(e["category"] for e in _examples(name))
    short = {c: counts.get(c, 0) for c in known if counts.get(c, 0) < per_category}
    assert not short, f"{name}: categories under {per_category} examples: {short}"
    assert sum(counts.values()) >= total, f"{name}: {sum(counts.values())} < {total}"


@pytest.mark.parametrize("name", ALL_SETS)
def test_no_duplicates(name: str) -> None:
    seen = Counter(normalise(e["text"]) for e in _examples(name))
    dupes = sorted(t for t, n in seen.items() if n > 1)
    assert not dupes, f"{name}: duplicated after normalising: {dupes}"


@pytest.mark.parametrize("folder", ["", "independent/"])
def test_no_text_in_both_sets(folder: str) -> None:
    crisis = {normalise(e["text"]) for e in _examples(f"{folder}crisis.yml")}
    negatives = {normalise(e["text"]) for e in _examples(f"{folder}not_crisis.yml")}
    assert not crisis & negatives, sorted(crisis & negatives)


@pytest.mark.parametrize("name", ALL_SETS)
def test_every_header_says_how_the_set_was_made(name: str) -> None:
    header = (EVAL_DIR / name).read_text(encoding="utf-8").split("\nversion:")[0]
    assert "How it was made:" in header, name


def test_negatives_are_hard() -> None:
    texts = [e["text"] for e in _examples("not_crisis.yml")]
    hard = sum(1 for t in texts if HARD_WORDS.search(t))
    assert hard / len(texts) >= MIN_HARD_SHARE, f"only {hard}/{len(texts)} negatives are hard"


def test_script_loads_the_same_sets() -> None:
    crisis = ev.load_examples(EVAL_DIR / "crisis.yml", True)
    negatives = ev.load_examples(EVAL_DIR / "not_crisis.yml", False)
    assert len(crisis) == len(_examples("crisis.yml"))
    assert len(negatives) == len(_examples("not_crisis.yml"))
    assert all(e.expected_crisis for e in crisis) and not any(e.expected_crisis for e in negatives)
    assert ev.DEFAULT_CRISIS_SET == EVAL_DIR / "crisis.yml"
    assert ev.DEFAULT_NEGATIVE_SET == EVAL_DIR / "not_crisis.yml"


def test_normalise() -> None:
    assert normalise("  I Want  to DIE...  ") == "i want to die"
    assert normalise("can't\tsleep,\nat 3am!") == "cant sleep at 3am"
    assert normalise("a'm gonnae dae somethin daft") == "am gonnae dae somethin daft"


# ------------------------------------------------------------------ multi-turn


def test_multi_turn_schema() -> None:
    conversations = _multi_turn()
    ids = [c["id"] for c in conversations]
    assert len(ids) == len(set(ids)), "conversation ids must be unique"
    for c in conversations:
        assert set(c) <= {"id", "kind", "note", "turns", "expect"}, c["id"]
        assert c["kind"] in MULTI_TURN_KINDS, c["id"]
        turns = c["turns"]
        assert isinstance(turns, list) and len(turns) >= 2, c["id"]
        assert all(isinstance(t, str) and t.strip() == t and t for t in turns), c["id"]
        assert c["expect"], f"{c['id']}: no judged turn"
        indices = [e["turn"] for e in c["expect"]]
        assert len(indices) == len(set(indices)), c["id"]
        for e in c["expect"]:
            assert set(e) == {"turn", "answer"}, c["id"]
            assert isinstance(e["turn"], int) and 0 <= e["turn"] < len(turns), c["id"]
            assert e["answer"] in ev.MULTI_TURN_ANSWERS, c["id"]
    loaded = ev.load_conversations(EVAL_DIR / "multi_turn.yml")
    assert [c.id for c in loaded] == ids


def test_multi_turn_covers_means_after_crisis_and_the_other_kinds() -> None:
    conversations = _multi_turn()
    means_later = [
        c
        for c in conversations
        if any(e["answer"] == "means_support" and e["turn"] >= 1 for e in c["expect"])
    ]
    assert len(means_later) >= MIN_MEANS_AFTER_CRISIS
    assert all(c["kind"] == "means_after_crisis" for c in means_later)
    kinds = Counter(c["kind"] for c in conversations)
    assert kinds["crisis_during_exercise"] >= 2 and kinds["crisis_late"] >= 2
    for c in conversations:
        if c["kind"] == "crisis_late":
            assert max(e["turn"] for e in c["expect"]) >= 5, f"{c['id']} is not late"


# ------------------------------------------------------------------ held out


def test_nlu_parser_reads_block_and_list_forms(tmp_path: Path) -> None:
    nlu = tmp_path / "sample.yml"
    nlu.write_text(
        'version: "3.1"\n'
        "nlu:\n"
        "  - intent: greet\n"
        "    examples: |\n"
        "      - hiya\n"
        "      - morning from [glasgae](location)\n"
        '      - "quoted one"\n'
        "  - intent: crisis\n"
        "    examples:\n"
        "      - text: I want to DIE.\n"
        "        metadata: {source: test}\n"
        "  - synonym: glasgow\n"
        "    examples: |\n"
        "      - weegie land\n"
        "  - regex: postcode\n"
        "    examples: |\n"
        "      - '[A-Z]{1,2}[0-9]'\n",
        encoding="utf-8",
    )
    texts = [normalise(t) for t in nlu_training_texts(nlu)]
    assert texts == ["hiya", "morning from glasgae", "quoted one", "i want to die"]


def test_no_evaluation_text_in_nlu_training_data() -> None:
    """Finds nothing while data/nlu/ is empty; must fail as soon as a scored text leaks in."""
    evaluation: dict[str, str] = {}
    for where, text in all_evaluation_texts():
        evaluation.setdefault(normalise(text), where)
    leaks = []
    for path in sorted(NLU_DIR.rglob("*.yml")) + sorted(NLU_DIR.rglob("*.yaml")):
        for text in nlu_training_texts(path):
            key = normalise(text)
            if key in evaluation:
                leaks.append(f"{path.relative_to(ROOT)}: {text!r} (scored in {evaluation[key]})")
    assert not leaks, (
        f"{len(leaks)} evaluation text(s) are also training examples; remove them from "
        "data/nlu/ (the evaluation sets are held out):\n  " + "\n  ".join(leaks)
    )
