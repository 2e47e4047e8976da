"""Concepts the detector learnt in issue 13, each in this project's own words.

The external set showed which concepts were missing; these phrasings are written
here, not taken from it (tests/evaluation/test_leakage.py checks near copies).
"""

import pytest

from safety.detector import get_detector
from safety.kinds import CrisisKind as K


@pytest.mark.parametrize("text, kind", [
    ("left the motor running in the lock up with the door pulled shut", K.MEDICAL_EMERGENCY),
    ("charcoal lit in the bathroom with the windows taped", K.MEDICAL_EMERGENCY),
    ("i've walked into the loch up to my chest and i won't be coming back out",
     K.MEDICAL_EMERGENCY),
    ("messaged everyone sorry for everything, its time now", K.SUICIDAL_THOUGHTS),
    ("type 1 diabetic, sweating and going funny, cant focus", K.MEDICAL_EMERGENCY),
    ("having a bad hypo", K.MEDICAL_EMERGENCY),
    ("im going to stab my neighbour tonight, not joking", K.SUICIDAL_THOUGHTS),
    ("he abused me when i was wee and now he's moving back in next week", K.HARM_FROM_OTHERS),
    ("i've picked the night and the spot, nothing left to decide", K.MEANS),
    ("wrote a goodbye note and hid it under my pillow for mum", K.MEANS),
    ("there's no future left for me, nothing will ever change", K.SUICIDAL_THOUGHTS),
    ("i've come to my decision and i feel strangely calm", K.SUICIDAL_THOUGHTS),
    ("in case i'm not around in the morning, tell my kids i loved them", K.SUICIDAL_THOUGHTS),
])
def test_new_concepts_are_caught(text, kind):
    detection = get_detector().detect(text)
    assert detection.is_crisis and detection.kinds[0] is kind


@pytest.mark.parametrize("text", [
    "scared to death of spiders",
    "my dad would be spinning in his grave",
    "the cutting was a long time ago, now just a memory",
    "I'm going to kill him when he gets home lol he ate my chips",
    "im going to kill my brother if he takes my charger again",
    "i tried to end it a few winters back but now the thoughts are just an old memory",
    "Got my safety plan and I'm doing okay now. Used to want to die",
    "hurt myself at uni, it's been twelve years, I'm alright these days",
    "the nurse asked whether i'd been thinking of killing myself and truthfully i haven't, "
    "i'm just worn out",
    "my sick note is in the drawer",
    "we've got a date and a place for the wedding!",
    "made my decision about the job and feel relieved",
    "nothing is going to get better at work unless i leave",
])
def test_idioms_and_the_past_are_not_a_crisis(text):
    assert not get_detector().detect(text).is_crisis


@pytest.mark.parametrize("text", [
    "i wanted to kill myself last spring and i'm back there again now",
    "I overdosed years ago. It's happening again now",
    "got my plan sorted, tonight's the night",
    "she asked if i want to die and honestly i do not know anymore",
    "my mum asked if i was thinking of killing myself and i am",
])
def test_the_past_and_a_question_do_not_hide_risk_now(text):
    assert get_detector().detect(text).is_crisis
