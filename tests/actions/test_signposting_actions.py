"""The signposting actions, run the way the action server runs them, with a fixed clock."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Dict, List

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.find_support import results
from actions.find_support.asking import ActionAskSupportPlace, ActionAskSupportTopic
from actions.find_support.finding import ValidateFindSupportForm
from actions.find_support.results import ActionSearchSupport, ActionShowMoreSupport
from common.clock import UK

MONDAY_2PM = datetime(2026, 11, 23, 14, 0, tzinfo=UK)
DOMAIN: Dict[str, Any] = {"forms": {"find_support_form": {
    "required_slots": ["support_topic", "support_place"]}}}


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(results, "uk_now", lambda: MONDAY_2PM)
    monkeypatch.delenv("ALISS_ENABLED", raising=False)


def tracker(text: str = "", intent: str = "find_group", slots: Dict[str, Any] | None = None,
            entities: List[dict] | None = None, active: bool = False) -> Tracker:
    return Tracker.from_dict({
        "sender_id": "pseudonym",
        "slots": slots or {},
        "latest_message": {"text": text, "intent": {"name": intent},
                           "entities": entities or []},
        "events": [],
        "active_loop": {"name": "find_support_form"} if active else {},
    })


async def run(action, t: Tracker) -> tuple[CollectingDispatcher, list]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, t, DOMAIN)
    return dispatcher, events


def slots_of(events: list) -> Dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("is there a group for carers in Fife",
         {"support_topic": "carers", "support_place": "area:fife", "support_kind": "group"}),
        ("anything for anxiety near Dundee",
         {"support_topic": "anxiety", "support_place": "town:Dundee"}),
        ("AA meetings Glasgow", {"support_topic": "alcohol", "support_place": "town:Glasgow"}),
        ("I need to talk to someone tonight",
         {"support_topic": "general", "support_when": "tonight"}),
        ("my husband drinks too much", {"support_topic": "alcohol", "support_family": True}),
    ],
)
async def test_the_form_reads_topic_place_and_filters(text, expected) -> None:
    _, events = await run(ValidateFindSupportForm(), tracker(text))
    found = slots_of(events)
    assert expected.items() <= found.items()


async def test_the_form_asks_once_then_takes_anywhere() -> None:
    t = tracker("dunno", "nlu_fallback", {"support_topic": "anxiety",
                                          "requested_slot": "support_place"}, active=True)
    _, events = await run(ValidateFindSupportForm(), t)
    assert slots_of(events) == {"support_place": "anywhere"}


async def test_a_fresh_request_never_takes_the_ask_once_default() -> None:
    t = tracker("support group for anxiety", slots={"requested_slot": "support_place"})
    _, events = await run(ValidateFindSupportForm(), t)
    assert "support_place" not in slots_of(events)


@pytest.mark.parametrize("intent", ["crisis", "ask_means", "stop", "show_menu"])
async def test_crisis_stop_and_menu_are_rejected_by_filling_nothing(intent) -> None:
    t = tracker("Fife", intent, {"requested_slot": "support_place"}, active=True)
    _, events = await run(ValidateFindSupportForm(), t)
    assert events == []


async def test_a_shared_location_becomes_the_nearest_town() -> None:
    entities = [{"entity": "latitude", "value": 55.95}, {"entity": "longitude", "value": -3.19}]
    t = tracker('/share_location{"latitude": 55.95, "longitude": -3.19}', "share_location",
                entities=entities)
    _, events = await run(ValidateFindSupportForm(), t)
    assert slots_of(events) == {"support_place": "town:Edinburgh",
                                "support_located_town": "Edinburgh"}


async def test_search_shows_three_with_see_more_and_narrow_down() -> None:
    t = tracker(slots={"support_topic": "carers", "support_place": "area:fife"})
    dispatcher, events = await run(ActionSearchSupport(), t)
    (message,) = dispatcher.messages
    assert "I don't have anything listed just for Fife yet" in message["text"]
    assert message["text"].count("https://") == 3
    assert [b["payload"] for b in message["buttons"]] == [
        "/show_more_support", "/narrow_support", "/show_menu"]
    assert events == [SlotSet("support_page", 0.0)]


async def test_talking_tonight_lists_services_open_tonight_not_a_crisis_script() -> None:
    t = tracker(slots={"support_topic": "general", "support_when": "tonight"})
    dispatcher, _ = await run(ActionSearchSupport(), t)
    text = dispatcher.messages[0]["text"]
    assert text.startswith("Here's support you can reach tonight:")
    assert "Call 116 123" in text and "Opens today at 6pm" in text and "SHOUT" in text
    assert "999" not in text


async def test_see_more_shows_the_next_three_then_says_that_is_all() -> None:
    slots = {"support_topic": "gambling", "support_place": "town:Perth", "support_page": 0.0}
    dispatcher, events = await run(ActionShowMoreSupport(), tracker(slots=slots))
    assert dispatcher.messages[0]["text"].startswith("Here are some more:")
    assert events == [SlotSet("support_page", 1.0)]
    slots["support_page"] = 20.0
    dispatcher, events = await run(ActionShowMoreSupport(), tracker(slots=slots))
    assert "That's everything" in dispatcher.messages[0]["text"] and events == []


async def test_see_more_before_any_search_offers_to_start_one() -> None:
    dispatcher, events = await run(ActionShowMoreSupport(), tracker())
    assert dispatcher.messages[0]["buttons"][0]["payload"] == "/find_group" and events == []


async def test_asking_the_topic_names_the_place_and_offers_topic_buttons() -> None:
    dispatcher, _ = await run(ActionAskSupportTopic(),
                              tracker(slots={"support_place": "town:Perth"}))
    message = dispatcher.messages[0]
    assert message["text"].startswith("What would you like support with in Perth?")
    assert '/find_group{"support_topic": "carers"}' in [b["payload"] for b in message["buttons"]]


async def test_asking_the_place_never_asks_for_a_full_postcode_or_address() -> None:
    dispatcher, _ = await run(ActionAskSupportPlace(),
                              tracker("groups near me", slots={"support_topic": "carers"}))
    text = dispatcher.messages[0]["text"]
    assert text.startswith("I don't know where you are yet.")
    assert "first part of your postcode" in text and "address" not in text


def test_the_action_server_registers_every_signposting_action() -> None:
    """The actions package loads the way `rasa_sdk --actions actions` loads it.

    rasa_sdk walks subpackages by their bare names, so a subpackage of `actions` named
    like a top-level package (signposting) breaks the whole action server.
    """
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package("actions")
    assert {"validate_find_support_form", "action_search_support", "action_show_more_support",
            "action_ask_support_topic", "action_ask_support_place"} <= set(executor.actions)
