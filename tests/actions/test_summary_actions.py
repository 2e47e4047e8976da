"""The appointment summary actions: choosing parts, from when, and the one PDF sent."""

from __future__ import annotations

import base64
from datetime import timedelta

from actions.personal_tools.summary import (
    ActionAskSummaryChoice,
    ActionMakeSummary,
    ValidateSummaryForm,
    choice_buttons,
)
from common.clock import uk_now
from personal import summary
from store import checkins, plans
from store.db import PersonalStore
from tests.personal import action_support
from tests.personal.action_support import PERSON, answer, custom, run, said, tracker

FORM = "summary_form"
action_store = action_support.action_store


async def test_each_tap_toggles_a_part_and_make_it_ends_the_choosing(
    action_store: PersonalStore,
) -> None:
    values, _ = await answer(ValidateSummaryForm(), FORM, "summary_choice", "my plan")
    assert values["summary_choice"] is None and values["summary_parts"] == ["plan"]
    values, _ = await answer(ValidateSummaryForm(), FORM, "summary_choice", "my plan",
                             slots={"summary_parts": ["plan", "mood"]})
    assert values["summary_parts"] == ["mood"]
    values, _ = await answer(ValidateSummaryForm(), FORM, "summary_choice", "that's it",
                             slots={"summary_parts": ["mood"]})
    assert values["summary_choice"] == summary.DONE


async def test_making_it_with_nothing_chosen_asks_for_one(action_store: PersonalStore) -> None:
    values, dispatcher = await answer(ValidateSummaryForm(), FORM, "summary_choice", "done")
    assert values["summary_choice"] is None
    assert summary.PICK_ONE in said(dispatcher)


async def test_the_buttons_say_in_words_what_is_in() -> None:
    titles = [b["title"] for b in choice_buttons(["plan"])]
    assert "Staying-well plan: in" in titles and "Make my summary" in titles
    _, dispatcher = await run(ActionAskSummaryChoice(), tracker(slots={"summary_parts": []}))
    assert "only to you" in said(dispatcher)


async def test_nothing_kept_is_said_kindly_and_no_file_is_sent(
    action_store: PersonalStore,
) -> None:
    on = tracker(slots={"summary_parts": ["plan", "mood"], "summary_since": "1m"})
    _, dispatcher = await run(ActionMakeSummary(), on)
    assert custom(dispatcher) == []
    assert summary.NOTHING_KEPT in said(dispatcher)


async def test_the_summary_is_one_pdf_sent_to_the_person(action_store: PersonalStore) -> None:
    now = uk_now()
    plans.save_section(action_store, PERSON, "what_helps", "a walk by the canal", now)
    checkins.record_mood(action_store, PERSON, now - timedelta(days=3), 5, "tired")
    on = tracker(slots={"summary_parts": ["plan", "mood"], "summary_since": "2w"})
    events, dispatcher = await run(ActionMakeSummary(), on)
    [document] = custom(dispatcher)
    assert document["kind"] == "document" and document["mime"] == "application/pdf"
    assert document["filename"].endswith(".pdf")
    assert base64.b64decode(document["content_base64"]).startswith(b"%PDF")
    assert "only to you" in document["caption"]
    assert {e["name"]: e["value"] for e in events} == {
        "summary_choice": None, "summary_since": None, "summary_parts": None}


async def test_the_span_is_read_from_its_button(action_store: PersonalStore) -> None:
    from actions.personal_tools.summary import ActionAskSummarySince

    _, dispatcher = await run(ActionAskSummarySince(), tracker())
    [message] = dispatcher.messages
    [two_weeks] = [b for b in message["buttons"] if b["title"] == "Last 2 weeks"]
    entities = [{"entity": "summary_choice", "value": "2w"}]
    payload = two_weeks["payload"]
    slots = {"requested_slot": "summary_since", "summary_since": payload,
             "summary_parts": ["mood"], "summary_choice": "done"}
    events = [{"event": "user", "text": payload},
              {"event": "slot", "name": "summary_since", "value": payload}]
    validation = tracker(payload, slots, entities=entities, events=events, active_loop=FORM,
                         intent="inform")
    events, _ = await run(ValidateSummaryForm(), validation)
    assert {"event": "slot", "timestamp": None, "name": "summary_since", "value": "2w"} in events
