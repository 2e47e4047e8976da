"""The crisis actions, run the way the action server runs them."""

from datetime import datetime, timezone
from typing import Any, Dict, Iterator, List

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.crisis import (
    ActionCrisisOptions,
    ActionRespondCrisis,
    ActionResumeFlow,
    ActionShowContacts,
    crisis_kinds,
)
from actions.store_access import personal_store
from personal import plan
from safety.audit import crisis_answer_counts
from safety.kinds import CrisisKind


@pytest.fixture(autouse=True)
def private_databases(tmp_path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("AUDIT_DB_URL", f"sqlite:///{tmp_path / 'audit.db'}")
    monkeypatch.setenv("PERSONAL_DB_URL", f"sqlite:///{tmp_path / 'personal.db'}")
    personal_store.cache_clear()
    yield
    personal_store.cache_clear()


def tracker_with(intent: str, kinds: List[str] = (), slots: Dict[str, Any] = None,
                 text: str = "x") -> Tracker:
    entities = [{"entity": "crisis_kind", "value": kind} for kind in kinds]
    return Tracker.from_dict(
        {
            "sender_id": "pseudonym",
            "slots": slots or {},
            "latest_message": {"intent": {"name": intent}, "entities": entities, "text": text},
            "events": [],
            "active_loop": {},
        }
    )


def texts(dispatcher: CollectingDispatcher) -> str:
    return "\n".join(message["text"] or "" for message in dispatcher.messages)


@pytest.mark.parametrize(
    "latest, expected",
    [
        ({"entities": [{"entity": "crisis_kind", "value": "self_harm"}]}, [CrisisKind.SELF_HARM]),
        (
            {"entities": [{"entity": "crisis_kind", "value": "medical_emergency"},
                          {"entity": "crisis_kind", "value": "medical_emergency"},
                          {"entity": "crisis_kind", "value": "worry_about_someone"}]},
            [CrisisKind.MEDICAL_EMERGENCY, CrisisKind.WORRY_ABOUT_SOMEONE],
        ),
        ({"entities": [{"entity": "crisis_kind", "value": "not-a-kind"}]}, []),
        ({"intent": {"name": "ask_means"}, "entities": []}, [CrisisKind.MEANS]),
        ({"intent": {"name": "crisis"}}, []),
    ],
)
def test_crisis_kinds_read_from_the_detector_entities(latest, expected) -> None:
    assert crisis_kinds(latest) == expected


async def test_crisis_answer_gives_999_and_contacts_and_remembers_risk() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionRespondCrisis().run(
        dispatcher, tracker_with("crisis", ["suicidal_thoughts"]), domain={}
    )
    assert events == [SlotSet("crisis_risk", True)]
    answer = texts(dispatcher)
    assert "999" in answer
    assert "116 123" in answer  # Samaritans: open every hour of every day
    assert "85258" in answer  # Shout: a text option, for people who won't phone
    assert crisis_answer_counts()["suicidal_thoughts"] == 1


async def test_harm_from_others_gets_the_specialist_line() -> None:
    dispatcher = CollectingDispatcher()
    await ActionRespondCrisis().run(dispatcher, tracker_with("crisis", ["harm_from_others"]), {})
    assert "0800 027 1234" in texts(dispatcher)
    assert crisis_answer_counts()["harm_from_others"] == 1


async def test_means_question_after_risk_gets_support_not_information() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionRespondCrisis().run(
        dispatcher, tracker_with("ask_means", slots={"crisis_risk": True}), {}
    )
    assert events == [SlotSet("crisis_risk", True)]
    assert "999" in texts(dispatcher)
    assert crisis_answer_counts()["means_or_method"] == 1


async def test_show_contacts_lists_who_is_open() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionShowContacts().run(dispatcher, tracker_with("ask_contacts"), {})
    assert events == []
    assert "116 123" in texts(dispatcher)
    assert crisis_answer_counts()["suicidal_thoughts"] == 0  # not a crisis answer


async def test_a_broken_audit_never_stops_the_crisis_answer(tmp_path, monkeypatch) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    monkeypatch.setenv("AUDIT_DB_URL", f"sqlite:///{not_a_folder / 'audit.db'}")
    dispatcher = CollectingDispatcher()
    events = await ActionRespondCrisis().run(dispatcher, tracker_with("crisis", ["self_harm"]), {})
    assert events == [SlotSet("crisis_risk", True)]
    assert "999" in texts(dispatcher)


def tracker_in_form(form: str, slots: Dict[str, Any] = None) -> Tracker:
    state = tracker_with("crisis", ["suicidal_thoughts"], slots).current_state()
    state["active_loop"] = {"name": form}
    return Tracker.from_dict(state)


async def test_crisis_in_a_form_pauses_it_and_offers_to_carry_on() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionRespondCrisis().run(dispatcher, tracker_in_form("plan_form"), {})
    assert events == [
        SlotSet("crisis_risk", True),
        ActiveLoop(None),
        SlotSet("requested_slot", None),
        SlotSet("paused_flow", "plan_form"),
    ]
    assert "999" in texts(dispatcher)
    assert dispatcher.messages[-1]["response"] == "utter_offer_to_carry_on"


async def test_crisis_outside_a_form_offers_nothing_to_carry_on() -> None:
    dispatcher = CollectingDispatcher()
    await ActionRespondCrisis().run(dispatcher, tracker_with("crisis", ["self_harm"]), {})
    assert all(m.get("response") != "utter_offer_to_carry_on" for m in dispatcher.messages)


async def test_carry_on_forgets_the_paused_form_so_its_rule_can_restart_it() -> None:
    dispatcher = CollectingDispatcher()
    tracker = tracker_with("carry_on", slots={"paused_flow": "exercise_form"})
    events = await ActionResumeFlow().run(dispatcher, tracker, {})
    assert events == [SlotSet("paused_flow", None)]
    assert dispatcher.messages == []


async def test_carry_on_with_nothing_paused_offers_the_menu() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionResumeFlow().run(dispatcher, tracker_with("carry_on"), {})
    assert events == []
    shown = [m["response"] for m in dispatcher.messages]
    assert shown == ["utter_nothing_to_carry_on", "utter_menu"]


async def test_crisis_answer_offers_the_persons_own_plan() -> None:
    at = datetime(2026, 11, 23, 23, 0, tzinfo=timezone.utc)
    plan.save(personal_store(), "pseudonym", "what_helps", "a hot bath, my dog", at)
    plan.save(personal_store(), "pseudonym", "contacts", "my sister Ann", at)
    dispatcher = CollectingDispatcher()
    await ActionRespondCrisis().run(dispatcher, tracker_with("crisis", ["suicidal_thoughts"]), {})
    answer = texts(dispatcher)
    assert "a hot bath" in answer and "my sister Ann" in answer
    assert answer.index("999") < answer.index("a hot bath")


async def test_a_broken_personal_store_never_stops_the_crisis_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PERSONAL_DB_URL", "postgresql://nobody@127.0.0.1:1/none")
    personal_store.cache_clear()
    dispatcher = CollectingDispatcher()
    await ActionRespondCrisis().run(dispatcher, tracker_with("crisis", ["suicidal_thoughts"]), {})
    assert "999" in texts(dispatcher) and "116 123" in texts(dispatcher)


async def test_a_means_question_with_no_risk_before_gets_the_crisis_answer() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionRespondCrisis().run(
        dispatcher, tracker_with("ask_means", text="how much paracetamol damages your liver"), {}
    )
    answer = texts(dispatcher)
    assert events == [SlotSet("crisis_risk", True)]
    assert answer.index("call 999") < answer.index("116 123")
    assert "If you've taken anything, call 999 or 111 now, even if you feel fine" in answer
    assert "not something I can help with" not in answer


async def test_a_young_persons_disclosure_puts_childline_first() -> None:
    dispatcher = CollectingDispatcher()
    await ActionRespondCrisis().run(dispatcher, tracker_with(
        "crisis", ["harm_from_others", "worry_about_someone"],
        text="im 13 and my stepdad hits my mum",
    ), {})
    answer = texts(dispatcher)
    assert answer.index("0800 1111") < answer.index("0800 027 1234")
    assert "stay with them" not in answer and "suicide" not in answer


async def test_yes_after_a_crisis_answer_offers_those_things_as_buttons() -> None:
    at = datetime(2026, 11, 23, 23, 0, tzinfo=timezone.utc)
    plan.save(personal_store(), "pseudonym", "what_helps", "a hot bath", at)
    dispatcher = CollectingDispatcher()
    assert await ActionCrisisOptions().run(dispatcher, tracker_with("affirm"), {}) == []
    [message] = dispatcher.messages
    payloads = [b["payload"] for b in message["buttons"]]
    assert payloads[0] == "/show_plan" and "/ask_contacts" in payloads
    assert any("grounding_54321" in p for p in payloads)
    assert "as much or as little" not in (message["text"] or "")


async def test_yes_without_a_plan_offers_someone_to_talk_to_and_exercises() -> None:
    dispatcher = CollectingDispatcher()
    await ActionCrisisOptions().run(dispatcher, tracker_with("affirm"), {})
    payloads = [b["payload"] for b in dispatcher.messages[0]["buttons"]]
    assert "/show_plan" not in payloads and payloads[0] == "/ask_contacts"
