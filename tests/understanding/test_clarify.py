"""When unsure: the likeliest meanings in plain words, a second miss, never the same twice."""

from __future__ import annotations

import pytest

from understanding import clarify
from understanding.replies import physical_symptom

RANKING = [
    {"name": "nlu_fallback", "confidence": 0.4},
    {"name": "crisis", "confidence": 0.3},
    {"name": "find_group", "confidence": 0.25},
    {"name": "affirm", "confidence": 0.2},
    {"name": "start_exercise", "confidence": 0.1},
    {"name": "ask_contacts", "confidence": 0.08},
    {"name": "show_progress", "confidence": 0.06},
    {"name": "greet", "confidence": 0.01},
]


def test_guesses_skip_what_cannot_be_offered_and_keep_three() -> None:
    assert clarify.guesses(RANKING) == ["find_group", "start_exercise", "ask_contacts"]


def test_noise_is_never_a_guess() -> None:
    assert clarify.guesses([{"name": "show_plan", "confidence": 0.01}]) == []


def test_a_first_miss_offers_the_guesses_in_plain_words_and_something_else() -> None:
    reply = clarify.unsure(RANKING, missed_before=False, last_bot_text=None,
                           entities_for={"find_group": {"support_topic": "carers"}})
    titles = [b["title"] for b in reply.buttons]
    assert titles == ["Find a group or service", "Try an exercise", "Someone to talk to",
                      "Something else"]
    assert reply.buttons[0]["payload"] == '/find_group{"support_topic": "carers"}'
    assert "Did you mean" in reply.text


def test_a_half_read_crisis_puts_someone_to_talk_to_first() -> None:
    ranking = [{"name": "nlu_fallback", "confidence": 1.0}, {"name": "crisis", "confidence": 0.77},
               {"name": "start_exercise", "confidence": 0.17},
               {"name": "share_low_mood", "confidence": 0.06},
               {"name": "find_group", "confidence": 0.05}]
    reply = clarify.unsure(ranking, missed_before=False, last_bot_text=None)
    assert [b["payload"] for b in reply.buttons] == [
        "/ask_contacts", "/start_exercise", "/share_low_mood", "/show_menu"]


def test_without_a_crisis_guess_the_choices_are_the_guesses() -> None:
    ranking = [{"name": "nlu_fallback", "confidence": 1.0}, {"name": "crisis", "confidence": 0.1},
               {"name": "start_exercise", "confidence": 0.4}]
    reply = clarify.unsure(ranking, missed_before=False, last_bot_text=None)
    assert [b["payload"] for b in reply.buttons] == ["/start_exercise", "/show_menu"]


def test_a_second_miss_offers_the_menu_and_someone_to_talk_to() -> None:
    reply = clarify.unsure(RANKING, missed_before=True, last_bot_text=None)
    assert [b["payload"] for b in reply.buttons] == ["/show_menu", "/ask_contacts"]


@pytest.mark.parametrize("options", [clarify.FIRST_MISS, clarify.SECOND_MISS, clarify.WHAT_NEXT])
def test_the_same_words_are_never_sent_twice_in_a_row(options: tuple[str, ...]) -> None:
    for said in options:
        assert clarify._fresh(options, said) != said


def test_what_next_after_a_reply_that_fits_nothing() -> None:
    first = clarify.nothing_fits(None)
    second = clarify.nothing_fits(first.text)
    assert first.text != second.text
    assert {"title": "Someone to talk to", "payload": "/ask_contacts"} in first.buttons


def test_a_second_miss_is_told_from_the_events() -> None:
    def user(intent: str) -> dict:
        return {"event": "user", "parse_data": {"intent": {"name": intent}}}

    assert clarify.missed_before([user("nlu_fallback"), {"event": "bot"}, user("nlu_fallback")])
    assert not clarify.missed_before([user("greet"), user("nlu_fallback")])
    assert not clarify.missed_before([user("nlu_fallback")])


def test_every_label_fits_a_button_and_names_a_domain_intent() -> None:
    import yaml

    from scripts.evaluate_nlu import ROOT

    intents = set(yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["intents"])
    for intent, label in clarify.labels().items():
        assert intent in intents and len(label) <= 24, intent


def test_a_physical_symptom_gets_the_numbers_from_the_contacts_data() -> None:
    text = physical_symptom()
    assert "111" in text and "999" in text and "pharmacist" in text and "GP" in text
