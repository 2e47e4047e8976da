"""Urge surfing is for cravings, never for an urge to self-harm (issue 13, finding 6)."""

import pytest

from common.clock import UK
from exercises import choosing, library
from safety.crisis_reply import compose_crisis_reply
from safety.detector import get_detector
from safety.kinds import CrisisKind as K


@pytest.mark.parametrize("text", [
    "i have an urge to cut",
    "the urge to hurt myself is really strong",
    "help with urges to self harm",
    "urges to burn my arm",
])
def test_an_urge_to_self_harm_never_gets_urge_surfing(text):
    assert "urge_surfing" not in [e.id for e in choosing.suggest(text)]
    named = choosing.named(text)
    assert named is None or named.id != "urge_surfing"


@pytest.mark.parametrize("text", [
    "i have an urge to cut myself", "the urge to hurt myself is really strong"])
def test_an_urge_to_self_harm_gets_the_crisis_answer_with_comfort_options(text):
    from datetime import datetime

    detection = get_detector().detect(text)
    assert detection.is_crisis and K.SELF_HARM in detection.kinds
    said = "\n".join(compose_crisis_reply(detection.kinds, datetime(2026, 11, 24, 14, 0,
                                                                    tzinfo=UK)).messages)
    assert "ice cube" in said and "call 999" in said
    assert "ride it out" not in said and "urge surfing" not in said.lower()


@pytest.mark.parametrize("text", ["cravings for a drink", "urge to gamble", "i want a smoke"])
def test_cravings_still_get_urge_surfing(text):
    assert "urge_surfing" in [e.id for e in choosing.suggest(text)]


def test_urge_surfing_says_what_it_is_for_and_cites_relapse_prevention():
    exercise = library.get("urge_surfing")
    for craving in ("alcohol", "drugs", "gambling", "smoking", "food"):
        assert craving in exercise.intro
        assert craving in exercise.summary
    assert "hurt yourself" in exercise.intro
    assert "Relapse Prevention" in exercise.source.name
    assert "livewelldorset" not in exercise.source.url
