"""The exercise actions, run the way the action server runs them: a Tracker built
from a dict, a CollectingDispatcher, and a real SQLite personal store."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import run_exercise
from actions.choose_exercise import (
    ActionBrowseExercises,
    ActionResumeExercise,
    ActionShowFavouriteExercises,
    ActionStartExercise,
)
from actions.run_exercise import (
    ActionAskExerciseReply,
    ActionCloseExercise,
    ActionLeaveExercise,
    ActionStopExercise,
    ValidateExerciseForm,
)
from actions.store_access import personal_store
from common.clock import UK
from exercises import flow, library, runner
from exercises.replies import Reply
from store import consent
from store import exercises as records

PERSON = "pseudonym-1"
DAY = datetime(2026, 11, 22, 19, 0, tzinfo=UK)
DOMAIN: dict[str, Any] = {
    "forms": {"exercise_form": {"required_slots": ["exercise_reply"]}},
    "slots": {
        "exercise_reply": {"type": "any", "mappings": [{"type": "from_text"}]},
        "exercise_state": {"type": "any", "mappings": [{"type": "custom"}]},
        "exercise_paused": {"type": "bool", "mappings": [{"type": "custom"}]},
    },
}


@pytest.fixture(autouse=True)
def private_store(tmp_path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("PERSONAL_DB_URL", f"sqlite:///{tmp_path / 'personal.db'}")
    personal_store.cache_clear()
    yield
    personal_store().dispose()
    personal_store.cache_clear()


def tracker(
    text: str = "x",
    intent: str = "nlu_fallback",
    entities: dict[str, str] | None = None,
    slots: dict[str, Any] | None = None,
    earlier: list[str] = (),
    reply: Any = None,
) -> Tracker:
    """A tracker whose latest message is `text`; `reply` fills exercise_reply as the form does."""
    ents = [{"entity": name, "value": value} for name, value in (entities or {}).items()]
    latest = {"intent": {"name": intent}, "entities": ents, "text": text}
    events = [{"event": "user", "text": said} for said in earlier]
    events.append({"event": "user", "text": text, "parse_data": latest})
    all_slots = dict(slots or {})
    if reply is not None:
        events.append({"event": "slot", "name": "exercise_reply", "value": reply})
        all_slots["exercise_reply"] = reply
    return Tracker.from_dict({
        "sender_id": PERSON, "slots": all_slots, "latest_message": latest, "events": events,
        "active_loop": {"name": "exercise_form"},
    })


async def run(action, track: Tracker) -> tuple[list[dict], list[dict]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, track, DOMAIN)
    return events, dispatcher.messages


def slot(events: list[dict], name: str) -> Any:
    values = [e["value"] for e in events if e.get("event") == "slot" and e["name"] == name]
    assert values, f"{name} was not set"
    return values[-1]


def start_payloads(message: dict) -> list[str]:
    return [b["payload"] for b in message["buttons"] if b["payload"].startswith("/start_")]


def started(exercise_id: str) -> str:
    return "/start_exercise" + json.dumps({"exercise_id": exercise_id})


async def test_a_need_gets_three_choices_at_most_and_something_else() -> None:
    events, messages = await run(ActionStartExercise(),
                                 tracker("help me calm down", "start_exercise"))
    assert events == [SlotSet("exercise_ready", False)] and len(messages) == 1
    buttons = messages[0]["buttons"]
    assert len(buttons) == 4 and buttons[-1] == {"title": "Something else",
                                                 "payload": "/browse_exercises"}
    assert start_payloads(messages[0])[0] == started("paced_breathing")


async def test_after_a_feelings_button_the_need_comes_from_what_was_said_before() -> None:
    track = tracker("/start_exercise", "start_exercise", earlier=["cannae sleep again"])
    _, messages = await run(ActionStartExercise(), track)
    assert started("sleep_wind_down") in start_payloads(messages[0])


async def test_a_theme_from_a_button_is_used() -> None:
    track = tracker("/start_exercise", "start_exercise", {"exercise_theme": "cravings"})
    _, messages = await run(ActionStartExercise(), track)
    assert start_payloads(messages[0]) == [started("urge_surfing")]


async def test_a_named_exercise_starts_directly() -> None:
    events, messages = await run(ActionStartExercise(),
                                 tracker("teach me a grounding technique", "start_exercise"))
    assert slot(events, "exercise_state")["exercise"] == "grounding_54321"
    assert slot(events, "exercise_ready") is True


async def test_no_need_found_shows_the_themes() -> None:
    _, messages = await run(ActionStartExercise(), tracker("give me an exercise", "start_exercise"))
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert "Sleep" in titles and "My favourites" in titles
    assert "not treatment" in messages[0]["text"]


async def test_browse_by_theme_lists_that_theme_with_a_way_back() -> None:
    track = tracker("/browse_exercises", "browse_exercises", {"exercise_theme": "sleep"})
    _, messages = await run(ActionBrowseExercises(), track)
    expected = [started(e.id) for e in library.by_tag("sleep")]
    assert start_payloads(messages[0]) == expected
    assert messages[0]["buttons"][-1]["payload"] == "/browse_exercises"
    assert all(e.summary in messages[0]["text"] for e in library.by_tag("sleep"))


async def test_browsing_offers_a_paused_run_first() -> None:
    paused = flow.respond(flow.respond(flow.begin("paced_breathing", DAY), Reply("skip"), DAY)
                          .state, Reply("pause"), DAY).state
    track = tracker("exercises", "browse_exercises", slots={"exercise_state": paused})
    _, messages = await run(ActionBrowseExercises(), track)
    assert messages[0]["buttons"][0] == {"title": "Carry on: Relaxed breathing",
                                         "payload": "/exercise_resume"}


async def test_favourites_empty_then_listed() -> None:
    _, messages = await run(ActionShowFavouriteExercises(), tracker("my faves"))
    assert "haven't kept any favourites" in messages[0]["text"]
    records.add_favourite(personal_store(), PERSON, "worry_time", DAY)
    records.add_favourite(personal_store(), PERSON, "removed_exercise", DAY)
    _, messages = await run(ActionShowFavouriteExercises(), tracker("my faves"))
    assert start_payloads(messages[0]) == [started("worry_time")]


@pytest.mark.parametrize(
    ("text", "intent", "entities", "expected"),
    [
        ('/start_exercise{"exercise_id": "worry_time"}', "start_exercise",
         {"exercise_id": "worry_time"}, "worry_time"),
        ("the breathing one again", "start_exercise", None, "paced_breathing"),
        ("lets do the 5-4-3-2-1 thing", "start_exercise", None, "grounding_54321"),
    ],
)
async def test_start_by_button_or_by_name(text, intent, entities, expected) -> None:
    events, messages = await run(ActionStartExercise(), tracker(text, intent, entities))
    exercise = library.get(expected)
    assert slot(events, "exercise_ready") is True and slot(events, "exercise_paused") is False
    state = slot(events, "exercise_state")
    assert state["exercise"] == expected and state["phase"] == "before"
    assert SlotSet("exercise_reply", None) in events
    assert messages[0]["text"] == f"{exercise.title}\n{exercise.intro}"
    assert exercise.source.url in messages[1]["text"]


async def test_the_one_i_did_yesterday_and_a_known_favourite() -> None:
    events, messages = await run(
        ActionStartExercise(), tracker("the one i did yesterday", "repeat_exercise"))
    assert slot(events, "exercise_ready") is False
    assert "don't have a finished exercise" in messages[0]["text"]
    records.record_run(personal_store(), PERSON, "self_compassion", DAY, 6, 4)
    records.add_favourite(personal_store(), PERSON, "self_compassion", DAY)
    events, _ = await run(ActionStartExercise(), tracker("same as yesterday", "repeat_exercise"))
    state = slot(events, "exercise_state")
    assert state["exercise"] == "self_compassion" and state["favourite"] is True


async def test_an_unknown_exercise_gets_a_choice() -> None:
    track = tracker('/start_exercise{"exercise_id": "nope"}', "start_exercise",
                    {"exercise_id": "nope"})
    events, messages = await run(ActionStartExercise(), track)
    assert events == [SlotSet("exercise_ready", False)]
    assert messages[0]["text"].startswith("I'm not sure which exercise you mean.")


async def test_resume_a_paused_run_or_offer_the_library() -> None:
    events, messages = await run(ActionResumeExercise(), tracker("carry on", "carry_on"))
    assert slot(events, "exercise_ready") is False
    assert messages[0]["text"] == "There's no exercise to carry on just now."
    state = flow.respond(flow.begin("worry_time", DAY), Reply("skip"), DAY).state
    state = flow.respond(flow.respond(state, Reply("skip"), DAY).state, Reply("pause"), DAY).state
    events, messages = await run(
        ActionResumeExercise(), tracker("carry on", "carry_on", slots={"exercise_state": state}))
    resumed = slot(events, "exercise_state")
    assert slot(events, "exercise_ready") is True and resumed["status"] == "running"
    assert resumed["step"] == 1 and messages[0]["text"] == runner.RESUMED


async def validate(state: dict, text: str, intent: str, answer: str | None = None):
    entities = {"exercise_answer": answer} if answer else None
    track = tracker(text, intent, entities, slots={"exercise_state": state}, reply=text)
    return await run(ValidateExerciseForm(), track)


async def test_each_reply_moves_the_run_on_and_keeps_the_form_going() -> None:
    state = flow.begin("worry_time", DAY)
    events, messages = await validate(state, "7", "nlu_fallback")
    assert messages == []
    assert slot(events, "exercise_reply") is None
    assert slot(events, "exercise_state")["rating_before"] == 7
    assert not any(e.get("name") == "requested_slot" for e in events)  # rasa asks again


async def test_pause_ends_the_form_with_the_place_kept() -> None:
    state = flow.respond(flow.begin("worry_time", DAY), Reply("skip"), DAY).state
    events, _ = await validate(state, "/exercise_pause", "exercise_pause")
    assert slot(events, "exercise_paused") is True
    assert slot(events, "requested_slot") is None


async def test_the_end_records_the_run_the_favourite_and_only_chosen_notes() -> None:
    consent.give(personal_store(), PERSON, DAY)
    state = flow.begin("self_compassion", DAY)
    while state["phase"] != "after":
        state = flow.respond(state, Reply("text", "7" if state["phase"] == "before"
                                          else "I'm doing my best"), DAY).state
    events, messages = await validate(state, "4", "nlu_fallback")
    assert messages[0]["text"].startswith("You were at 7 and now you're at 4.")
    runs = personal_store().export(PERSON)["exercise_runs"]
    assert [(r["exercise_id"], r["rating_before"], r["rating_after"]) for r in runs] == [
        ("self_compassion", 7, 4)]
    state = slot(events, "exercise_state")
    events, _ = await validate(state, '/exercise_answer{"exercise_answer": "yes"}',
                               "exercise_answer", "yes")
    assert records.favourites(personal_store(), PERSON) == ["self_compassion"]
    assert records.notes(personal_store(), PERSON) == []
    events, _ = await validate(slot(events, "exercise_state"), "aye", "affirm")
    saved = records.notes(personal_store(), PERSON)
    assert [(n[0], n[2]) for n in saved] == [("self_compassion", "I'm doing my best")]
    assert slot(events, "requested_slot") is None
    assert slot(events, "exercise_state")["answers"] == {}


async def test_without_consent_the_run_works_and_nothing_is_kept_and_the_person_is_told(
) -> None:
    state = flow.begin("self_compassion", DAY)
    while state["phase"] != "after":
        state = flow.respond(state, Reply("text", "7" if state["phase"] == "before"
                                          else "I'm doing my best"), DAY).state
    events, messages = await validate(state, "4", "nlu_fallback")
    assert messages[0]["text"].startswith("You were at 7 and now you're at 4.")
    events, messages = await validate(slot(events, "exercise_state"),
                                      '/exercise_answer{"exercise_answer": "yes"}',
                                      "exercise_answer", "yes")
    assert any("I haven't kept that" in (m.get("text") or "") for m in messages)
    await validate(slot(events, "exercise_state"), "aye", "affirm")
    assert personal_store().export(PERSON) == {}


async def test_saying_no_keeps_nothing_written() -> None:
    state = flow.begin("thought_record", DAY, is_favourite=True)
    while state["phase"] != "save":
        state = flow.respond(state, Reply("text", "words" if state["phase"] == "steps"
                                          else "5"), DAY).state
    await validate(state, "naw", "deny")
    assert records.notes(personal_store(), PERSON) == []
    assert "exercise_notes" not in personal_store().export(PERSON)


async def test_a_state_that_cannot_go_on_ends_the_form_and_says_so() -> None:
    lost = {"phase": "steps", "exercise": "removed", "status": "running", "step": 0}
    events, _ = await validate(lost, "hi", "greet")
    assert slot(events, "requested_slot") is None
    _, messages = await run(ActionCloseExercise(), tracker(slots={"exercise_state": lost}))
    assert "lost my place" in messages[0]["text"]


async def test_the_question_for_a_timed_step_has_buttons_and_a_timer() -> None:
    state = flow.respond(flow.begin("paced_breathing", DAY), Reply("skip"), DAY).state
    for _ in range(3):
        state = flow.respond(state, Reply("next"), DAY).state
    events, messages = await run(ActionAskExerciseReply(), tracker(slots={"exercise_state": state}))
    assert events == []
    text, timer = messages
    assert text["text"].startswith("Step 4 of 5")
    assert [b["title"] for b in text["buttons"]] == ["Done", "Skip", "Pause", "Stop"]
    assert timer["custom"]["kind"] == "timer" and timer["custom"]["seconds"] == 180


async def test_the_question_before_the_first_step_is_the_rating() -> None:
    state = flow.begin("paced_breathing", DAY)
    _, messages = await run(ActionAskExerciseReply(), tracker(slots={"exercise_state": state}))
    assert messages[0]["text"].startswith("Before we start")
    assert [b["payload"] for b in messages[0]["buttons"]] == [runner.SKIP, runner.STOP]


async def test_close_after_a_pause_and_after_the_end() -> None:
    paused = flow.respond(flow.respond(flow.begin("paced_breathing", DAY), Reply("skip"), DAY)
                          .state, Reply("pause"), DAY).state
    events, messages = await run(ActionCloseExercise(), tracker(slots={"exercise_state": paused}))
    assert events == [SlotSet("exercise_paused", True)]
    assert [b["payload"] for b in messages[0]["buttons"]] == [
        "/exercise_resume", "/stop", "/show_menu"]
    done = flow.stop(paused, DAY).state
    events, messages = await run(ActionCloseExercise(), tracker(slots={"exercise_state": done}))
    assert events == [SlotSet("exercise_paused", False)]
    assert messages[0]["text"] == "That's the exercise finished. What would you like to do next?"


async def test_stop_is_one_message_with_no_question_and_ends_the_loop() -> None:
    state = flow.respond(flow.begin("worry_time", DAY), Reply("skip"), DAY).state
    state = flow.respond(state, Reply("text", "money"), DAY).state
    events, messages = await run(ActionStopExercise(), tracker(slots={"exercise_state": state}))
    assert [m["text"] for m in messages] == [runner.STOPPED] and not messages[0]["buttons"]
    assert ActiveLoop(None) in events and slot(events, "requested_slot") is None
    assert slot(events, "exercise_state")["answers"] == {}
    assert slot(events, "exercise_paused") is False
    assert personal_store().export(PERSON) == {}


async def test_the_menu_in_the_middle_keeps_the_place() -> None:
    state = flow.respond(flow.begin("worry_time", DAY), Reply("skip"), DAY).state
    events, messages = await run(ActionLeaveExercise(), tracker(slots={"exercise_state": state}))
    assert "kept your place" in messages[0]["text"]
    assert ActiveLoop(None) in events and slot(events, "exercise_paused") is True


async def test_a_store_failure_is_told_and_logs_no_words(monkeypatch, caplog) -> None:
    def broken(*_args, **_kwargs):
        raise RuntimeError("INSERT ... parameters: ('my secret words',)")

    consent.give(personal_store(), PERSON, DAY)
    monkeypatch.setattr(run_exercise, "keep", broken)
    dispatcher = CollectingDispatcher()
    outcome = flow.Outcome({"exercise": "worry_time"}, notes={"name_worry": "my secret words"})
    await run_exercise.keep_safely(dispatcher, outcome, PERSON, DAY)
    assert dispatcher.messages[0]["text"].startswith("Sorry, I couldn't keep that")
    assert "secret" not in caplog.text and "RuntimeError" in caplog.text


async def test_a_run_cut_off_without_a_pause_can_be_carried_on() -> None:
    state = flow.respond(flow.begin("worry_time", DAY), Reply("skip"), DAY).state
    events, messages = await run(
        ActionResumeExercise(), tracker("/exercise_resume", "exercise_resume",
                                        slots={"exercise_state": state}))
    assert slot(events, "exercise_ready") is True and slot(events, "exercise_state") == state
    _, messages = await run(ActionBrowseExercises(), tracker(slots={"exercise_state": state}))
    assert messages[0]["buttons"][0]["payload"] == "/exercise_resume"


async def test_activating_the_form_after_start_or_resume_takes_no_reply() -> None:
    """start and resume empty exercise_reply; rasa_sdk then validates it at activation."""
    state = flow.begin("worry_time", DAY)
    track = Tracker.from_dict({
        "sender_id": PERSON, "slots": {"exercise_state": state, "exercise_reply": None},
        "latest_message": {"intent": {"name": "carry_on"}, "entities": [], "text": "carry on"},
        "events": [{"event": "user", "text": "carry on"},
                   {"event": "slot", "name": "exercise_reply", "value": None}],
        "active_loop": {"name": "exercise_form"},
    })
    events, messages = await run(ValidateExerciseForm(), track)
    assert messages == [] and not any(e.get("name") == "exercise_state" for e in events)


def _activation(loop_events_before_user: bool) -> Tracker:
    """What Rasa sends at the form's activation (or, `loop_events_before_user`, a later turn)."""
    loop = {"event": "active_loop", "name": "exercise_form"}
    user = {"event": "user", "text": "go"}
    return Tracker.from_dict({
        "sender_id": PERSON,
        "slots": {"exercise_state": flow.begin("worry_time", DAY), "exercise_reply": None},
        "latest_message": {"intent": {"name": "start_exercise"}, "entities": [], "text": "go"},
        "events": [*([loop, user] if loop_events_before_user else [user]),
                   {"event": "action", "name": "action_start_exercise"},
                   {"event": "slot", "name": "exercise_reply", "value": None},
                   *([] if loop_events_before_user else [loop]),
                   {"event": "action", "name": "exercise_form"}],
        "active_loop": {"name": "exercise_form"},
    })


async def test_activation_answers_with_a_slot_event_that_changes_nothing() -> None:
    """Rasa validates again at the form's first step when activation returned no events."""
    events, messages = await run(ValidateExerciseForm(), _activation(False))
    assert messages == []
    assert events == [{"event": "slot", "timestamp": None, "name": "exercise_reply",
                       "value": None}]
    events, _ = await run(ValidateExerciseForm(), _activation(True))
    assert events == []


def test_the_library_is_read_when_the_action_server_builds_the_start_action() -> None:
    from exercises.library import _library

    _library.cache_clear()
    ActionStartExercise().warming.join(30)
    assert _library.cache_info().currsize == 1
