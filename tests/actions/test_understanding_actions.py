"""The clarifying and feelings actions, run as the action server runs them."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.clarify import ActionAnswerPhysicalSymptom, ActionClarify
from actions.feelings import ActionRespondFeeling


def tracker(text: str, intent: str, ranking: list[dict] | None = None,
            earlier: list[dict] | None = None) -> Tracker:
    latest = {"intent": {"name": intent}, "intent_ranking": ranking or [], "entities": [],
              "text": text}
    events = list(earlier or []) + [{"event": "user", "text": text, "parse_data": latest}]
    return Tracker.from_dict({"sender_id": "p", "slots": {}, "latest_message": latest,
                              "events": events})


async def run(action: Any, track: Tracker) -> tuple[list, list[dict]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, track, {})
    return events, dispatcher.messages


RANKING = [{"name": "nlu_fallback", "confidence": 0.4}, {"name": "find_group", "confidence": 0.3},
           {"name": "start_exercise", "confidence": 0.2}]


async def test_unsure_offers_the_likeliest_with_what_was_said() -> None:
    events, messages = await run(ActionClarify(),
                                 tracker("carers thing fife", "nlu_fallback", RANKING))
    assert events == [FollowupAction("action_listen")]
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads[0].startswith("/find_group{") and '"support_topic": "carers"' in payloads[0]
    assert payloads[-1] == "/show_menu"


async def test_a_second_miss_gets_the_menu_and_someone_to_talk_to() -> None:
    earlier = [{"event": "user", "text": "blah",
                "parse_data": {"intent": {"name": "nlu_fallback"}}},
               {"event": "bot", "text": "I'm not quite sure what you mean."}]
    _, messages = await run(ActionClarify(),
                            tracker("wibble", "nlu_fallback", RANKING, earlier))
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/show_menu", "/ask_contacts"]


async def test_ok_after_an_answer_gets_what_next() -> None:
    _, messages = await run(ActionClarify(), tracker("ok", "affirm"))
    assert messages[0]["text"].startswith("Okay.")


async def test_loneliness_gets_a_group_offer() -> None:
    _, messages = await run(ActionRespondFeeling(),
                            tracker("i feel so lonely these days", "share_feeling"))
    assert messages[0]["response"] == "utter_low_mood_support"
    assert messages[1]["buttons"][0]["payload"] == '/find_group{"support_topic": "loneliness"}'


async def test_a_need_gets_the_exercise_that_fits() -> None:
    _, messages = await run(ActionRespondFeeling(),
                            tracker("long covid has me wiped out every day", "share_feeling"))
    assert '"pacing_energy"' in messages[1]["buttons"][0]["payload"]


async def test_nothing_specific_gets_the_usual_choices() -> None:
    _, messages = await run(ActionRespondFeeling(), tracker("meh", "share_anxiety"))
    assert [m.get("response") for m in messages] == ["utter_anxiety_support",
                                                      "utter_support_options"]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("my nerves are shot, on edge all day", "utter_anxiety_support"),
        ("heid's mince with worry about the rent", "utter_anxiety_support"),
        ("feeling pure rubbish and fed up", "utter_low_mood_support"),
        ("cannae be bothered with anything, stuck", "utter_low_mood_support"),
        ("meh", "utter_low_mood_support"),
    ],
)
async def test_a_typed_feeling_gets_the_line_its_words_need(text: str, line: str) -> None:
    _, messages = await run(ActionRespondFeeling(), tracker(text, "share_feeling"))
    assert messages[0]["response"] == line


async def test_a_guessed_feeling_is_offered_as_the_menu_button_its_words_fit() -> None:
    ranking = [{"name": "share_feeling", "confidence": 0.2},
               {"name": "find_group", "confidence": 0.18}]
    _, messages = await run(ActionClarify(), tracker("proper on edge the day", "nlu_fallback",
                                                     ranking=ranking))
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads[0] == "/share_anxiety" and "/share_feeling" not in payloads


async def test_a_physical_symptom_is_answered_with_contacts() -> None:
    _, messages = await run(ActionAnswerPhysicalSymptom(), tracker("my head hurts", "x"))
    assert "111" in messages[0]["text"]
    assert len(messages) == 1, "a headache alone gets the advice, no exercise"


async def test_tension_in_the_body_also_gets_muscle_relaxation() -> None:
    _, messages = await run(ActionAnswerPhysicalSymptom(),
                            tracker("my neck is stiff and my jaw is clenched from stress", "x"))
    assert "111" in messages[0]["text"]
    assert '"muscle_relaxation"' in messages[1]["buttons"][0]["payload"]
