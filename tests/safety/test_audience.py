"""Who a crisis message suggests is writing, and whether it is about medicines."""

import pytest

from safety.audience import mentions_medicines, suggests_young_person


@pytest.mark.parametrize("text", [
    "im 13 and my step dad hits my mum",
    "I'm only fifteen and I can't cope",
    "aged 12, nobody at home listens",
    "she's 14 years old... I mean me, I'm 14",
    "everyone at school says I should disappear",
    "my guidance teacher doesn't know",
    "I'm in S3 and it's every day",
    "my stepdad comes into my room at night",
    "my step-mum locks me out",
    "my mum's boyfriend shouts at me and hits me",
    "my dad's new girlfriend hurts me when he's out",
    "my foster carers don't know",
])
def test_words_of_a_child_or_young_person_are_recognised(text):
    assert suggests_young_person(text)


@pytest.mark.parametrize("text", [
    "I'm 34 and I can't go on",
    "I'm 14 stone and hate myself",
    "I am 10 minutes from the bridge",
    "my son's school rang about him hurting himself",
    "I'm a teacher and one of my pupils told me something",
    "my husband hits me",
    "everything is pointless and I want out",
    "my mum hits my dad",
])
def test_adults_are_not_taken_for_children(text):
    assert not suggests_young_person(text)


@pytest.mark.parametrize("text", [
    "how much paracetamol damages your liver",
    "I've taken all my tablets",
    "thinking about an overdose",
    "took a load of pills",
    "can I OD on my meds",
])
def test_medicines_and_overdose_are_recognised(text):
    assert mentions_medicines(text)


@pytest.mark.parametrize("text", [
    "what are the tallest bridges in Glasgow",
    "everything is pointless and I want out",
    "my partner hits me",
])
def test_other_messages_are_not_about_medicines(text):
    assert not mentions_medicines(text)
