"""How well the trained model understands what people ask for, on a set written elsewhere.

`make evaluate-nlu` loads the trained model once, in process (Rasa's Agent, the same
parse a REST /model/parse runs), and sends every text of the external abilities set
(`../shared/eval/abilities_external.yml`). Labels meet intents in one file,
`tests/evaluation/abilities.map.yml`. Reported per label: correct, wrong (and what it
became), fallback; topic and place accuracy for searches, read from the text by the
same functions the find-support form uses; how often anything became crisis; and how
many of these (all non-crisis) texts the classifier alone, before the crisis override,
scores as crisis at 0.5 or more.

With `--cv` it also cross-validates on data/nlu: a fixed held-out fifth (each example
placed by a hash of its text, so it stays put when others change), a model trained on
the rest with config.yml as it is, scored on the final intent (a fallback is a miss);
weighted and per-intent F1, the confusions, and how many held-out non-crisis examples
the classifier alone scores as crisis at 0.5 or more. `--config` cross-validates
another pipeline the same way, to compare.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import logging
import re
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence

import yaml

ROOT = Path(__file__).resolve().parent.parent
MAP_FILE = ROOT / "tests" / "evaluation" / "abilities.map.yml"
EXTERNAL_FILE = ROOT.parent / "shared" / "eval" / "abilities_external.yml"
MODEL_DIR = ROOT / "models"
NLU_DIR = ROOT / "data" / "nlu"
CONFIG_FILE = ROOT / "config.yml"
CV_REPORT = ROOT / "var" / "results" / "nlu" / "cross_validation.json"

CRISIS = "crisis"
MEANS = "ask_means"
FALLBACK = "nlu_fallback"
# The classifier's own crisis score that counts as "it thinks this is a crisis".
CLASSIFIER_CRISIS_LEVEL = 0.5
HELD_OUT_ONE_IN = 5
CV_SEED = 20261203

log = logging.getLogger(__name__)


# ------------------------------------------------------------------ reading the sets


def load_map(path: Path = MAP_FILE) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def load_external(path: Path = EXTERNAL_FILE) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = data if isinstance(data, list) else data.get("examples", [])
    return [{**item, "text": _joined_surrogates(item["text"])} for item in items]


def _joined_surrogates(text: str) -> str:
    """YAML's "\\ud83d\\ude0a" escapes arrive as two surrogates; a person sends one emoji."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16")


# ------------------------------------------------------------------ parsing


@dataclass(frozen=True)
class Parsed:
    text: str
    intent: str
    confidence: float
    # The classifier's own ranking, before the crisis override changed anything.
    classifier: tuple[tuple[str, float], ...] = ()

    def classifier_score(self, intent: str) -> float:
        return next((score for name, score in self.classifier if name == intent), 0.0)


@contextlib.contextmanager
def _recording_classifier() -> Iterator[dict[str, list[dict[str, Any]]]]:
    """The ranking each message had when it reached the crisis override, by text."""
    from rasa.shared.nlu.constants import INTENT_RANKING_KEY, TEXT

    from rasa_plugins.crisis_override import CrisisOverride

    seen: dict[str, list[dict[str, Any]]] = {}
    original = CrisisOverride._override

    def recording(self: Any, message: Any, detection: Any) -> None:
        seen[message.get(TEXT)] = [dict(e) for e in message.get(INTENT_RANKING_KEY) or []]
        original(self, message, detection)

    CrisisOverride._override = recording  # type: ignore[method-assign]
    try:
        yield seen
    finally:
        CrisisOverride._override = original  # type: ignore[method-assign]


def latest_model(model_dir: Path = MODEL_DIR) -> Path:
    models = sorted(model_dir.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        raise FileNotFoundError(f"no trained model in {model_dir}: run `make train`")
    return models[-1]


class Parser:
    """A trained model loaded once, in process."""

    def __init__(self, model: Path | None = None) -> None:
        from rasa.core.agent import Agent
        from rasa.utils.log_utils import configure_structlog

        # Rasa's structured log prints every parsed text at debug level by default.
        configure_structlog(logging.WARNING)
        self._agent = Agent.load(str(model or latest_model()))

    def parse_all(self, texts: Sequence[str]) -> list[Parsed]:
        return asyncio.run(self._parse_all(texts))

    async def _parse_all(self, texts: Sequence[str]) -> list[Parsed]:
        results = []
        with _recording_classifier() as seen:
            for text in texts:
                payload = await self._agent.parse_message(text)
                intent = payload.get("intent") or {}
                ranking = seen.get(text) or payload.get("intent_ranking") or []
                results.append(Parsed(
                    text=text,
                    intent=intent.get("name") or FALLBACK,
                    confidence=float(intent.get("confidence") or 0.0),
                    classifier=tuple((e.get("name"), float(e.get("confidence") or 0.0))
                                     for e in ranking if e.get("name") != FALLBACK),
                ))
        return results


# ------------------------------------------------------------------ what the bot does


PHYSICAL = "report_physical_symptom"


def engaged_exercises(intent: str, text: str) -> list[str]:
    """Ids of the exercises the bot starts or offers for this intent and text.

    The same functions the actions call: a request for an exercise starts the one it
    names or offers those fitting its need; a feeling offers exercises only when its
    words name a need (actions.feelings.offers), a physical complaint only when they
    name tension or tiredness (actions.feelings.body_offers).
    """
    from actions.feelings import FEELINGS, body_offers, offers
    from exercises.choosing import choose

    if intent in FEELINGS or intent == PHYSICAL:
        offer = offers(text) if intent in FEELINGS else body_offers(text)
        payloads = [b["payload"] for b in offer[1]] if offer else []
        return [json.loads(p[p.index("{"):])["exercise_id"]
                for p in payloads if "exercise_id" in p]
    return [exercise.id for exercise in choose(text)]


def search_reading(text: str) -> tuple[list[str], Any]:
    """Topic ids and the Place the find-support form reads from this text."""
    from signposting.places import place_from_key
    from signposting.turns import fresh_search

    topics, place = fresh_search(text)
    return topics, place_from_key(place)


def _simple(name: str) -> str:
    name = re.sub(r"[^a-z0-9 ]+", " ", name.casefold().replace("&", " and "))
    name = re.sub(r"\b(city of|the|council)\b", " ", name)
    return "".join(name.split()).rstrip("s")


def place_matches(expected: str | None, place: Any) -> bool:
    """Whether what was read names the expected place (null: nothing specific was said)."""
    if expected is None:
        return place is None or place.kind in ("near_me", "anywhere")
    if place is None:
        return False
    wanted = _simple(expected)
    if wanted in ("online", "phone"):
        return place.kind == wanted
    names = {_simple(place.label), _simple(place.ident or "")}
    if place.district:
        names.add(_simple(place.district))
    # "Orkney" names the area "Orkney Islands"; a longer name is never needed to start it.
    return any(name == wanted or name.startswith(wanted) for name in names if name)


def topic_matches(expected: str, topics: Sequence[str], topic_map: Mapping[str, str]) -> bool:
    wanted = topic_map.get(expected, expected)
    if wanted == "general":
        specific = [t for t in topics if t != "general"]
        return not specific
    return wanted in topics


# ------------------------------------------------------------------ scoring


@dataclass
class LabelScore:
    total: int = 0
    correct: int = 0
    fallback: int = 0
    wrong: Counter = field(default_factory=Counter)

    @property
    def rate(self) -> float:
        return self.correct / self.total if self.total else 0.0


def score(items: Sequence[Mapping[str, Any]], parsed: Sequence[Parsed],
          mapping: Mapping[str, Any]) -> dict[str, Any]:
    labels: dict[str, LabelScore] = defaultdict(LabelScore)
    topic_right = topic_total = place_right = place_total = 0
    searches: list[dict[str, Any]] = []
    crisis_final: list[str] = []
    crisis_classifier: list[dict[str, Any]] = []
    for item, result in zip(items, parsed, strict=True):
        label = item["label"]
        spec = mapping["labels"][label]
        entry = labels[label]
        entry.total += 1
        intent_ok = result.intent in spec["intents"]
        if intent_ok and spec.get("exercise"):
            offered = engaged_exercises(result.intent, item["text"])
            if spec["exercise"] not in offered:
                intent_ok = False
                entry.wrong[f"{result.intent}->{'/'.join(offered) or 'library'}"] += 1
        elif intent_ok and spec.get("support"):
            from actions.feelings import support_line

            line = support_line(result.intent, item["text"])
            if line != spec["support"]:
                intent_ok = False
                entry.wrong[f"{result.intent}->{line}"] += 1
        elif not intent_ok:
            if result.intent == FALLBACK:
                entry.fallback += 1
            else:
                entry.wrong[result.intent] += 1
        entry.correct += intent_ok
        if result.intent == CRISIS:
            crisis_final.append(item["text"])
        level = result.classifier_score(CRISIS)
        if level >= CLASSIFIER_CRISIS_LEVEL:
            crisis_classifier.append({"label": label, "score": round(level, 2)})
        if spec.get("topic_slot"):
            topics, place = search_reading(item["text"])
            t_ok = topic_matches(item.get("topic") or "general", topics, mapping["topics"])
            topic_total += 1
            topic_right += t_ok
            p_ok = place_matches(item.get("place"), place)
            if item.get("place") is not None:
                place_total += 1
                place_right += p_ok
            if not (t_ok and p_ok):
                searches.append({"label": label, "topic": item.get("topic"),
                                 "read_topics": topics, "place": item.get("place"),
                                 "read_place": place.key if place else None})
    total = sum(s.total for s in labels.values())
    return {
        "total": total,
        "correct": sum(s.correct for s in labels.values()),
        "fallback": sum(s.fallback for s in labels.values()),
        "labels": {name: {"total": s.total, "correct": s.correct, "fallback": s.fallback,
                          "rate": round(s.rate, 3), "wrong": dict(s.wrong.most_common())}
                   for name, s in sorted(labels.items())},
        "topic": {"right": topic_right, "total": topic_total},
        "place": {"right": place_right, "total": place_total},
        "search_misreadings": searches,
        "read_as_crisis": len(crisis_final),
        "classifier_crisis_at_half": len(crisis_classifier),
        "classifier_crisis_by_label": dict(Counter(c["label"] for c in crisis_classifier)),
    }


def overall_gates(report: Mapping[str, Any]) -> list[str]:
    """What fails the issue's gates on the whole set and its searches; empty when all hold."""
    failed = []
    total = report["total"] or 1
    if report["correct"] / total < 0.90:
        failed.append(f"overall {report['correct']}/{report['total']} correct, below 90%")
    for part in ("topic", "place"):
        figures = report[part]
        if figures["total"] and figures["right"] / figures["total"] < 0.90:
            failed.append(f"{part} right in {figures['right']}/{figures['total']}, below 90%")
    if report["fallback"] / total > 0.05:
        failed.append(f"fallback on {report['fallback']}/{report['total']}, above 5%")
    return failed


def label_gates(report: Mapping[str, Any]) -> list[str]:
    """Labels under three quarters right."""
    return [f"{name}: {label['correct']}/{label['total']}, below 75%"
            for name, label in report["labels"].items() if label["rate"] < 0.75]


def gates(report: Mapping[str, Any]) -> list[str]:
    """What fails the issue's gates; empty when all hold."""
    return overall_gates(report) + label_gates(report)


def evaluate(parser: Parser, external: Path = EXTERNAL_FILE,
             map_file: Path = MAP_FILE) -> dict[str, Any]:
    items = load_external(external)
    parsed = parser.parse_all([item["text"] for item in items])
    return score(items, parsed, load_map(map_file))


# ------------------------------------------------------------------ cross-validation


def held_out(examples: Sequence[tuple[str, str]], share: int = HELD_OUT_ONE_IN,
             seed: int = CV_SEED) -> list[bool]:
    """Whether each example is held out: about one in `share`, by a hash of its own text.

    Each example stays on its side of the split whatever else is added or removed, so a
    change in the figure is a change in the model, not in which examples were dealt out.
    """
    def part(text: str) -> int:
        return int(hashlib.sha256(f"{seed}:{text}".encode()).hexdigest(), 16) % share

    return [part(text) == 0 for text, _ in examples]


def cross_validate(share: int = HELD_OUT_ONE_IN, seed: int = CV_SEED,
                   config: Path = CONFIG_FILE) -> dict[str, Any]:
    """Train on data/nlu less a fixed held-out part (config.yml as it is), score that part.

    Scored on the final intent, as the dialogue sees it: a held-out example that falls
    back counts as missed.
    """
    from rasa.model_training import train_nlu
    from rasa.shared.nlu.training_data.loading import load_data
    from sklearn.metrics import f1_score, precision_recall_fscore_support

    data = load_data(str(NLU_DIR))
    examples = [(m.get("text"), m.get("intent")) for m in data.intent_examples]
    held = held_out(examples, share, seed)
    tests = [example for example, out in zip(examples, held, strict=True) if out]
    held_texts = {text for text, _ in tests}
    with tempfile.TemporaryDirectory() as scratch:
        train = data.filter_training_examples(lambda m: m.get("text") not in held_texts)
        train_file = Path(scratch) / "train.yml"
        train.persist_nlu(str(train_file))
        log.info("training on %d, testing on %d", len(train.intent_examples), len(tests))
        model = train_nlu(str(config), str(train_file), str(Path(scratch) / "models"),
                          fixed_model_name="split")
        parsed = Parser(Path(model)).parse_all([text for text, _ in tests])
    truth = [intent for _, intent in tests]
    predicted = [p.intent for p in parsed]
    intents = sorted(set(truth))
    _, _, f1s, support = precision_recall_fscore_support(
        truth, predicted, labels=intents, zero_division=0)
    confusions = Counter((t, p) for t, p in zip(truth, predicted, strict=True) if t != p)
    not_crisis = [p for t, p in zip(truth, parsed, strict=True) if t not in (CRISIS, MEANS)]
    return {
        "classifier_crisis_at_half": sum(
            p.classifier_score(CRISIS) >= CLASSIFIER_CRISIS_LEVEL for p in not_crisis),
        "not_crisis_tested": len(not_crisis),
        "held_out": f"one in {share} by a hash of the text, seed {seed}",
        "examples": len(examples),
        "tested": len(tests),
        "weighted_f1": round(float(f1_score(truth, predicted, labels=intents,
                                            average="weighted", zero_division=0)), 3),
        "per_intent_f1": {i: round(float(f), 3) for i, f in zip(intents, f1s, strict=True)},
        "support": {i: int(s) for i, s in zip(intents, support, strict=True)},
        "confusions": [{"intent": t, "became": p, "count": n}
                       for (t, p), n in confusions.most_common(30)],
        "missed": [{"text": text, "intent": t, "became": p.intent,
                    "classifier": p.classifier[:2]}
                   for (text, t), p in zip(tests, parsed, strict=True) if p.intent != t],
    }


def cv_gates(cv: Mapping[str, Any]) -> list[str]:
    failed = []
    if cv["weighted_f1"] < 0.92:
        failed.append(f"CV weighted F1 {cv['weighted_f1']}, below 0.92")
    failed += [f"CV F1 of {i} is {f}, below 0.80"
               for i, f in cv["per_intent_f1"].items() if f < 0.80]
    return failed


# ------------------------------------------------------------------ report


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def format_report(report: Mapping[str, Any]) -> str:
    lines = [
        f"External abilities set: {report['correct']}/{report['total']} correct "
        f"({_pct(report['correct'], report['total'])}), fallback on {report['fallback']} "
        f"({_pct(report['fallback'], report['total'])})",
        "",
        "| label | correct | fallback | wrong (became) |",
        "|---|---|---|---|",
    ]
    for name, label in report["labels"].items():
        wrong = ", ".join(f"{k} {v}" for k, v in label["wrong"].items()) or "-"
        lines.append(f"| {name} | {label['correct']}/{label['total']} | {label['fallback']} "
                     f"| {wrong} |")
    topic, place = report["topic"], report["place"]
    lines += [
        "",
        f"Searches: topic right {topic['right']}/{topic['total']} "
        f"({_pct(topic['right'], topic['total'])}), place right {place['right']}/"
        f"{place['total']} ({_pct(place['right'], place['total'])}) of those naming one",
        f"Read as crisis (final intent): {report['read_as_crisis']}",
        f"Classifier alone scores crisis >= {CLASSIFIER_CRISIS_LEVEL}: "
        f"{report['classifier_crisis_at_half']} of {report['total']} non-crisis texts "
        f"{report['classifier_crisis_by_label'] or ''}",
    ]
    return "\n".join(lines)


def format_cv(cv: Mapping[str, Any]) -> str:
    lines = [f"Cross-validation ({cv['held_out']} held out: {cv['tested']} of {cv['examples']} "
             f"examples): weighted F1 {cv['weighted_f1']}", "",
             "| intent | F1 | examples |", "|---|---|---|"]
    for intent, f1 in sorted(cv["per_intent_f1"].items(), key=lambda kv: kv[1]):
        lines.append(f"| {intent} | {f1} | {cv['support'][intent]} |")
    lines += ["", f"Classifier alone scores crisis >= {CLASSIFIER_CRISIS_LEVEL}: "
              f"{cv['classifier_crisis_at_half']} of {cv['not_crisis_tested']} held-out "
              "non-crisis examples"]
    lines += ["", "Most frequent confusions: " + ", ".join(
        f"{c['intent']}->{c['became']} {c['count']}" for c in cv["confusions"][:12])]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="write the report here")
    parser.add_argument("--cv", action="store_true", help="also cross-validate on data/nlu")
    parser.add_argument("--cv-only", action="store_true", help="cross-validate only")
    parser.add_argument("--config", type=Path, default=CONFIG_FILE,
                        help="the pipeline to cross-validate (to compare one with config.yml)")
    parser.add_argument("--cv-report", type=Path, default=CV_REPORT,
                        help="where the cross-validation result is saved")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    failed: list[str] = []
    if not args.cv_only:
        report = evaluate(Parser())
        print(format_report(report))
        failed += gates(report)
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    if args.cv or args.cv_only:
        cv = cross_validate(config=args.config)
        args.cv_report.parent.mkdir(parents=True, exist_ok=True)
        args.cv_report.write_text(json.dumps(cv, indent=2) + "\n", encoding="utf-8")
        print()
        print(format_cv(cv))
        failed += cv_gates(cv)
    for line in failed:
        print(f"GATE FAILED: {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
