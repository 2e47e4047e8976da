"""How the crisis override corrects the classifier, with a detector whose verdict we choose."""

from typing import Any, Dict, List

import pytest
from rasa.shared.nlu.training_data.message import Message

from rasa_plugins.crisis_override import CLASSIFIER_ALONE_FLOOR, CrisisOverride
from safety.detector import Detection
from safety.kinds import CrisisKind

QUIET = Detection(is_crisis=False, kinds=(), means_question=False, discounted=None)


class FixedDetector:
    def __init__(self, detection: Detection) -> None:
        self.detection = detection

    def detect(self, text: str) -> Detection:
        return self.detection


def classified(text: str, ranking: List[tuple]) -> Message:
    """A message as DIET and FallbackClassifier leave it: intent plus ranking."""
    entries = [{"name": name, "confidence": confidence} for name, confidence in ranking]
    return Message(data={"text": text, "intent": entries[0], "intent_ranking": entries})


def run(message: Message, detection: Detection) -> Dict[str, Any]:
    [processed] = CrisisOverride(FixedDetector(detection)).process([message])
    return processed.as_dict()


def intent_of(result: Dict[str, Any]) -> str | None:
    return result["intent"]["name"]


def test_detector_crisis_overrides_any_classifier_guess_and_tags_kinds() -> None:
    detection = Detection(True, (CrisisKind.MEANS, CrisisKind.SUICIDAL_THOUGHTS), True, None)
    result = run(classified("x", [("share_low_mood", 0.9), ("crisis", 0.1)]), detection)
    assert result["intent"] == {"name": "crisis", "confidence": 1.0}
    assert result["intent_ranking"][0]["name"] == "crisis"
    assert [e["value"] for e in result["entities"] if e["entity"] == "crisis_kind"] == [
        "means_or_method", "suicidal_thoughts",
    ]


def test_detector_crisis_beats_the_fallback() -> None:
    detection = Detection(True, (CrisisKind.SELF_HARM,), False, None)
    result = run(classified("x", [("nlu_fallback", 0.45), ("greet", 0.2)]), detection)
    assert intent_of(result) == "crisis"


@pytest.mark.parametrize(
    "reason, ranking, expected",
    [
        ("bereavement", [("crisis", 0.97), ("share_low_mood", 0.02)], "share_bereavement"),
        ("past", [("crisis", 0.97), ("share_low_mood", 0.02)], "share_recovery"),
        ("figurative", [("crisis", 0.6), ("share_anxiety", 0.35)], "share_anxiety"),
        ("negated", [("crisis", 0.98), ("greet", 0.01)], "nlu_fallback"),
    ],
)
def test_framed_as_not_crisis_overrules_a_classifier_crisis(reason, ranking, expected) -> None:
    detection = Detection(False, (), False, reason)
    assert intent_of(run(classified("x", ranking), detection)) == expected


def test_framing_does_not_touch_a_non_crisis_guess() -> None:
    detection = Detection(False, (), False, "figurative")
    result = run(classified("x", [("share_anxiety", 0.8), ("crisis", 0.1)]), detection)
    assert result["intent"] == {"name": "share_anxiety", "confidence": 0.8}


def test_classifier_crisis_stands_when_the_detector_has_no_opinion() -> None:
    result = run(classified("x", [("crisis", 0.92), ("share_low_mood", 0.05)]), QUIET)
    assert result["intent"] == {"name": "crisis", "confidence": 0.92}


def test_means_question_without_crisis_words_becomes_ask_means() -> None:
    detection = Detection(False, (), True, None)
    result = run(classified("x", [("out_of_scope", 0.7), ("ask_means", 0.2)]), detection)
    assert intent_of(result) == "ask_means"


@pytest.mark.parametrize("guess", [0.4, 0.2])
def test_an_unsure_classifier_alone_is_not_a_crisis(guess: float) -> None:
    result = run(classified("x", [("nlu_fallback", 0.45), ("crisis", guess)]), QUIET)
    assert intent_of(result) == "nlu_fallback"


def test_a_classifier_crisis_below_the_floor_gives_way_to_its_runner_up() -> None:
    result = run(classified("x", [("crisis", 0.6), ("share_low_mood", 0.35)]), QUIET)
    assert intent_of(result) == "share_low_mood"


def test_a_classifier_alone_just_under_its_floor_is_not_yet_sure_enough() -> None:
    guess = CLASSIFIER_ALONE_FLOOR - 0.01
    result = run(classified("x", [("crisis", guess), ("share_feeling", 0.1)]), QUIET)
    assert intent_of(result) == "nlu_fallback"


def test_a_classifier_alone_at_its_floor_is_a_crisis() -> None:
    result = run(classified("x", [("crisis", CLASSIFIER_ALONE_FLOOR)]), QUIET)
    assert intent_of(result) == "crisis"


def test_a_weak_classifier_crisis_with_a_means_question_is_a_means_question() -> None:
    detection = Detection(False, (), True, None)
    result = run(classified("x", [("crisis", 0.6), ("out_of_scope", 0.3)]), detection)
    assert intent_of(result) == "ask_means"


def test_button_payloads_are_left_alone() -> None:
    detection = Detection(True, (CrisisKind.SELF_HARM,), False, None)
    result = run(classified("/show_menu", [("show_menu", 1.0)]), detection)
    assert intent_of(result) == "show_menu"
