"""Check-in actions: mood, word, outcome statements when due, skip, and what is saved."""

from __future__ import annotations

from datetime import timedelta

import pytest

from actions.personal_tools.checkin import (
    ActionAskOutcomeHope,
    ActionAskOutcomeManage,
    ActionSaveCheckin,
    ActionStartCheckin,
    ValidateCheckinForm,
)
from common.clock import uk_now
from personal.checkins import OUTCOME_SLOTS
from personal.plan import SKIPPED
from store import checkins as records
from store.db import PersonalStore
from tests.personal import action_support
from tests.personal.action_support import (
    PERSON,
    answer,
    run,
    said,
    tracker,
)

FORM = "checkin_form"

action_store = action_support.action_store
unconsented_store = action_support.unconsented_store


async def test_outcomes_are_due_the_first_time_and_not_again_within_a_week(
    action_store: PersonalStore,
) -> None:
    events, _ = await run(ActionStartCheckin(), tracker())
    assert {e["name"]: e["value"] for e in events}["checkin_outcomes_due"] is True
    records.record_outcomes(action_store, PERSON, uk_now() - timedelta(days=2), {"hope": 3})
    events, _ = await run(ActionStartCheckin(), tracker())
    assert {e["name"]: e["value"] for e in events}["checkin_outcomes_due"] is False


@pytest.mark.parametrize("text, mood", [("7", 7), ("seven", 7), ("7/10", 7), ("about 6", 6)])
async def test_moods_are_read(action_store: PersonalStore, text: str, mood: int) -> None:
    values, _ = await answer(ValidateCheckinForm(), FORM, "checkin_mood", text)
    assert values["checkin_mood"] == mood
    assert values["requested_slot"] == "checkin_word"


@pytest.mark.parametrize("text", ["11", "-3", "6 or 7", "grand"])
async def test_unreadable_moods_are_asked_again_kindly(
    action_store: PersonalStore, text: str
) -> None:
    values, dispatcher = await answer(ValidateCheckinForm(), FORM, "checkin_mood", text)
    assert values["checkin_mood"] is None
    assert values["requested_slot"] == "checkin_mood"
    assert "0 to 10" in said(dispatcher) or "0 (very low)" in said(dispatcher)


async def test_a_skipped_mood_skips_the_word_and_ends_without_outcomes(
    action_store: PersonalStore,
) -> None:
    values, _ = await answer(ValidateCheckinForm(), FORM, "checkin_mood", "skip",
                             {"checkin_outcomes_due": False})
    assert values["checkin_mood"] == SKIPPED
    assert values["requested_slot"] is None


async def test_reset_slots_at_the_start_are_not_checked(action_store: PersonalStore) -> None:
    """Starting a check-in empties its slots; validation must not complain about them."""
    on = tracker("check in", {"checkin_outcomes_due": True}, events=[
        {"event": "user", "text": "check in"},
        {"event": "slot", "name": "checkin_mood", "value": None},
        {"event": "slot", "name": "outcome_hope", "value": None}])
    events, dispatcher = await run(ValidateCheckinForm(), on)
    assert dispatcher.messages == []
    assert {e["name"]: e["value"] for e in events}["checkin_mood"] is None


async def test_a_skipped_word(action_store: PersonalStore) -> None:
    values, _ = await answer(ValidateCheckinForm(), FORM, "checkin_word", "rather not",
                             {"checkin_mood": 4}, intent="skip")
    assert values["checkin_word"] == SKIPPED


async def test_when_due_the_statements_follow_the_word(action_store: PersonalStore) -> None:
    values, _ = await answer(ValidateCheckinForm(), FORM, "checkin_word", "knackered",
                             {"checkin_mood": 4, "checkin_outcomes_due": True})
    assert values["checkin_word"] == "knackered"
    assert values["requested_slot"] == OUTCOME_SLOTS[0]


@pytest.mark.parametrize("text, value", [("4", 4), ("Quite a lot", 4), ("skip", SKIPPED)])
async def test_statement_answers(action_store: PersonalStore, text: str, value: object) -> None:
    slots = {"checkin_mood": 4, "checkin_word": "ok", "checkin_outcomes_due": True}
    values, _ = await answer(ValidateCheckinForm(), FORM, "outcome_manage", text, slots)
    assert values["outcome_manage"] == value
    assert values["requested_slot"] == "outcome_support"


async def test_an_out_of_range_statement_answer_is_asked_again(
    action_store: PersonalStore,
) -> None:
    slots = {"checkin_mood": 4, "checkin_word": "ok", "checkin_outcomes_due": True}
    values, dispatcher = await answer(ValidateCheckinForm(), FORM, "outcome_hope", "9", slots)
    assert values["outcome_hope"] is None
    assert "1 (not at all) to 5" in said(dispatcher)


async def test_statement_questions_have_five_buttons_and_skip(action_store) -> None:
    _, dispatcher = await run(ActionAskOutcomeManage(), tracker())
    assert "I feel better able to manage" in said(dispatcher)
    assert [b["payload"] for b in dispatcher.messages[0]["buttons"]] == [
        "1", "2", "3", "4", "5", "skip"]
    _, dispatcher = await run(ActionAskOutcomeHope(), tracker())
    assert said(dispatcher) == '"I feel greater hope for the future"'


async def test_saving_keeps_what_was_answered_and_clears_slots(
    action_store: PersonalStore,
) -> None:
    slots = {"checkin_mood": 6, "checkin_word": "hopeful", "outcome_manage": 3,
             "outcome_support": SKIPPED, "outcome_hope": 4, "outcome_know": 5}
    events, dispatcher = await run(ActionSaveCheckin(), tracker(slots=slots))
    assert dispatcher.messages[0]["response"] == "utter_checkin_saved"
    assert [(m[1], m[2]) for m in records.moods(action_store, PERSON)] == [(6, "hopeful")]
    assert sorted(o[1] for o in records.outcomes(action_store, PERSON)) == [
        "hope", "know", "manage"]
    assert all(e["value"] is None for e in events)


async def test_saving_a_fully_skipped_check_in_keeps_nothing(action_store) -> None:
    _, dispatcher = await run(ActionSaveCheckin(), tracker(slots={"checkin_mood": SKIPPED}))
    assert dispatcher.messages[0]["response"] == "utter_checkin_nothing_saved"
    assert set(action_store.export(PERSON)) == {"data_consents"}


async def test_without_consent_the_screen_asks_then_a_no_reflects_without_keeping(
    unconsented_store: PersonalStore,
) -> None:
    events, dispatcher = await run(ActionStartCheckin(), tracker(intent="start_checkin"))
    assert dispatcher.messages[0]["response"] == "utter_ask_data_consent"
    assert [b["payload"] for b in dispatcher.messages[0]["buttons"]] == [
        '/start_checkin{"data_consent": "given"}', '/start_checkin{"data_consent": "declined"}']
    assert events == [{"event": "slot", "timestamp": None, "name": "data_consent",
                       "value": "ask"}]
    events, _ = await run(ActionStartCheckin(), tracker(
        "no", slots={"data_consent": "ask"}, intent="deny"))
    assert {e["name"]: e["value"] for e in events}["data_consent"] == "declined"
    _, dispatcher = await run(ActionSaveCheckin(), tracker(
        slots={"checkin_mood": "6", "checkin_word": "tired"}))
    assert dispatcher.messages[0]["response"] == "utter_checkin_not_kept"
    assert dispatcher.messages[0]["mood"] == "6"
    assert unconsented_store.export(PERSON) == {}


async def test_a_yes_by_button_is_recorded_with_its_date(
    unconsented_store: PersonalStore,
) -> None:
    events, dispatcher = await run(ActionStartCheckin(), tracker(
        intent="start_checkin", entities=[{"entity": "data_consent", "value": "given"}]))
    assert "stop keeping my data" in dispatcher.messages[0]["text"]
    assert {e["name"]: e["value"] for e in events}["data_consent"] == "given"
    [row] = unconsented_store.export(PERSON)["data_consents"]
    assert row["given_at"][:10] == uk_now().date().isoformat()


@pytest.mark.parametrize("slots", [
    {"checkin_mood": 0, "checkin_word": SKIPPED},
    {"checkin_mood": 1, "checkin_word": "empty"},
    {"checkin_mood": 2, "checkin_word": SKIPPED},
    {"checkin_mood": 6, "checkin_word": SKIPPED, "outcome_hope": 1},
])
async def test_a_low_check_in_gets_someone_to_talk_to_and_an_exercise(
    action_store: PersonalStore, slots: dict
) -> None:
    _, dispatcher = await run(ActionSaveCheckin(), tracker(slots=slots))
    [message] = dispatcher.messages
    assert message.get("response") != "utter_checkin_saved"
    assert "That's noted, just for you." not in said(dispatcher)
    assert "Thank you for telling me" in said(dispatcher)
    payloads = [b["payload"] for b in message["buttons"]]
    assert payloads[0] == "/ask_contacts"
    assert any("exercise_id" in p for p in payloads)
    assert "/show_plan" not in payloads  # no plan yet


async def test_a_low_check_in_offers_the_persons_own_plan(action_store: PersonalStore) -> None:
    from personal import plan

    plan.save(action_store, PERSON, "what_helps", "a walk with the dog", uk_now())
    _, dispatcher = await run(ActionSaveCheckin(), tracker(slots={"checkin_mood": 1}))
    assert "a walk with the dog" in said(dispatcher)
    assert "/show_plan" in [b["payload"] for b in dispatcher.messages[0]["buttons"]]


async def test_a_middling_check_in_is_simply_noted(action_store: PersonalStore) -> None:
    _, dispatcher = await run(ActionSaveCheckin(), tracker(slots={"checkin_mood": 3}))
    assert dispatcher.messages[0]["response"] == "utter_checkin_saved"
