"""The staying-well plan actions: every step of the form, skip, re-running, changing one part."""

from __future__ import annotations

import base64

from actions.personal_tools.plan import (
    ActionChangePlanSection,
    ActionFinishPlan,
    ActionSendPlan,
    ActionShowPlan,
    ActionStartPlan,
    ValidatePlanForm,
)
from personal import plan
from store.db import PersonalStore
from tests.personal import action_support
from tests.personal.action_support import (
    PERSON,
    answer,
    custom,
    run,
    said,
    tracker,
)

action_store = action_support.action_store


async def test_each_answer_is_kept_at_once_and_the_next_part_asked(
    action_store: PersonalStore,
) -> None:
    slots: dict = {}
    for index, slot in enumerate(plan.SLOTS):
        values, _ = await answer(ValidatePlanForm(), "plan_form", slot, f"  answer {index} ", slots)
        assert values[slot] == f"answer {index}"
        slots[slot] = values[slot]
    assert plan.load(action_store, PERSON)["crisis"] == "answer 6"
    assert len(plan.load(action_store, PERSON)) == 7


async def test_skip_moves_on_and_keeps_nothing(action_store: PersonalStore) -> None:
    values, _ = await answer(ValidatePlanForm(), "plan_form", "plan_well", "skip")
    assert values["plan_well"] == plan.SKIPPED
    values, _ = await answer(ValidatePlanForm(), "plan_form", "plan_daily", "naw")
    assert values["plan_daily"] == plan.SKIPPED
    assert plan.load(action_store, PERSON) == {}


async def test_words_the_nlu_reads_as_skipping_skip(action_store: PersonalStore) -> None:
    values, _ = await answer(ValidatePlanForm(), "plan_form", "plan_well", "leave that blank",
                             intent="skip")
    assert values["plan_well"] == plan.SKIPPED
    assert plan.load(action_store, PERSON) == {}


async def test_slots_filled_before_the_form_asked_are_not_answers(
    action_store: PersonalStore,
) -> None:
    """At activation the form validates prefilled slots: they must pass untouched, unsaved."""
    on = tracker("start my plan", {"plan_well": plan.SKIPPED, "plan_daily": "a walk"},
                 events=[{"event": "user", "text": "start my plan"},
                         {"event": "slot", "name": "plan_well", "value": plan.SKIPPED},
                         {"event": "slot", "name": "plan_daily", "value": "a walk"}])
    events, _ = await run(ValidatePlanForm(), on)
    values = {e["name"]: e["value"] for e in events}
    assert values["plan_well"] == plan.SKIPPED and values["plan_daily"] == "a walk"
    assert plan.load(action_store, PERSON) == {}


async def test_an_empty_answer_asks_again(action_store: PersonalStore) -> None:
    values, _ = await answer(ValidatePlanForm(), "plan_form", "plan_well", "   ")
    assert values["plan_well"] is None


async def test_starting_again_keeps_what_was_said_and_asks_the_rest(
    action_store: PersonalStore,
) -> None:
    events, dispatcher = await run(ActionStartPlan(), tracker())
    assert dispatcher.messages[0]["response"] == "utter_plan_intro"
    assert events[0] == {"event": "slot", "timestamp": None, "name": "data_consent",
                         "value": "given"}
    assert all(e["value"] is None for e in events[1:])

    await answer(ValidatePlanForm(), "plan_form", "plan_well", "chatty")
    events, dispatcher = await run(ActionStartPlan(), tracker())
    values = {e["name"]: e["value"] for e in events}
    assert values["plan_well"] == "chatty"
    assert values["plan_daily"] is None
    assert dispatcher.messages[0]["response"] == "utter_plan_continue"
    assert dispatcher.messages[0]["left"] == 6


async def test_finishing_offers_next_steps_and_clears_the_slots(
    action_store: PersonalStore,
) -> None:
    await answer(ValidatePlanForm(), "plan_form", "plan_crisis", "ring my sister first")
    events, dispatcher = await run(ActionFinishPlan(), tracker())
    assert dispatcher.messages[0]["response"] == "utter_plan_saved"
    assert "Advance Statement" in said(dispatcher)
    assert all(e["value"] is None for e in events)

    plan_free = tracker()
    plan_free.sender_id = "someone-else"
    _, dispatcher = await run(ActionFinishPlan(), plan_free)
    assert dispatcher.messages[0]["response"] == "utter_plan_empty_at_end"


async def test_show_plan_tidy_or_an_offer_to_start(action_store: PersonalStore) -> None:
    _, dispatcher = await run(ActionShowPlan(), tracker())
    assert dispatcher.messages[0]["response"] == "utter_no_plan_yet"
    await answer(ValidatePlanForm(), "plan_form", "plan_what_helps", "a walk")
    _, dispatcher = await run(ActionShowPlan(), tracker())
    assert "What helps when things get harder:\na walk" in said(dispatcher)
    payloads = [b["payload"] for b in dispatcher.messages[-1]["buttons"]]
    assert "/start_plan" in payloads and "/send_plan" in payloads


async def test_changing_a_named_part_asks_only_that_part(action_store: PersonalStore) -> None:
    await answer(ValidatePlanForm(), "plan_form", "plan_warning_signs", "not sleeping")
    await answer(ValidatePlanForm(), "plan_form", "plan_well", "chatty")
    events, dispatcher = await run(ActionChangePlanSection(),
                                   tracker("change my warning signs"))
    values = {e["name"]: e["value"] for e in events}
    assert values["plan_warning_signs"] is None
    assert values["plan_well"] == "chatty"
    assert values["plan_daily"] == plan.SKIPPED
    assert values["plan_section_found"] is True
    assert "not sleeping" in said(dispatcher)


async def test_a_part_from_a_button_entity(action_store: PersonalStore) -> None:
    events, _ = await run(ActionChangePlanSection(), tracker(
        "/change_plan_section", entities=[{"entity": "plan_section", "value": "contacts"}]))
    assert {e["name"]: e["value"] for e in events}["plan_contacts"] is None


async def test_an_unclear_part_gets_a_choice(action_store: PersonalStore) -> None:
    events, dispatcher = await run(ActionChangePlanSection(), tracker("edit my plan"))
    assert events == [{"event": "slot", "timestamp": None, "name": "plan_section_found",
                       "value": False}]
    assert len(dispatcher.messages[0]["buttons"]) == len(plan.SECTIONS) + 1


async def test_the_plan_as_a_plain_text_file(action_store: PersonalStore) -> None:
    _, dispatcher = await run(ActionSendPlan(), tracker())
    assert custom(dispatcher) == []
    await answer(ValidatePlanForm(), "plan_form", "plan_contacts", "my sister, text her")
    _, dispatcher = await run(ActionSendPlan(), tracker())
    (sent,) = custom(dispatcher)
    assert sent["kind"] == "document" and sent["mime"] == "text/plain"
    assert "my sister, text her" in base64.b64decode(sent["content_base64"]).decode()
    assert "share it with whoever you choose" in said(dispatcher)
