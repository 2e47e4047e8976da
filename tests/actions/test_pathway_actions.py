"""Pathways in the actions: /start <code> opens one, and the service's figures are counted."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import usage as action_usage
from actions.crisis import ActionRespondCrisis
from actions.find_support.results import ActionSearchSupport
from actions.personal_tools.checkin import ActionSaveCheckin
from actions.run_exercise import keep_and_count
from actions.store_access import personal_store
from actions.welcome import ActionGreetBack, ActionWelcome
from exercises import flow
from pathways import usage
from pathways.loader import lookup
from pathways.presets import search_entities, search_query
from pathways.usage import UsageKind
from signposting.answer import query_from_slots
from store import consent
from tests.support.domain_files import domain


@pytest.fixture(autouse=True)
def private_databases(tmp_path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("AUDIT_DB_URL", f"sqlite:///{tmp_path / 'audit.db'}")
    monkeypatch.setenv("PERSONAL_DB_URL", f"sqlite:///{tmp_path / 'personal.db'}")
    personal_store.cache_clear()
    yield
    personal_store.cache_clear()


def tracker(intent: str = "greet", metadata: dict | None = None, slots: dict | None = None,
            earlier_messages: int = 0, text: str = "/greet") -> Tracker:
    user = {"event": "user", "text": text, "metadata": metadata or {}}
    return Tracker.from_dict({
        "sender_id": "pseudonym",
        "slots": slots or {},
        "latest_message": {"intent": {"name": intent}, "entities": [], "text": text,
                           "metadata": metadata or {}},
        "events": [user] * (earlier_messages + 1),
        "active_loop": {},
    })


async def run(action: Any, on: Tracker) -> tuple[list[dict], CollectingDispatcher]:
    dispatcher = CollectingDispatcher()
    return await action.run(dispatcher, on, domain()), dispatcher


def counted(kind: UsageKind) -> dict[str, int]:
    totals: dict[str, int] = {}
    for (pathway, _), kinds in usage.usage_counts().items():
        if kinds[kind]:
            totals[pathway] = totals.get(pathway, 0) + kinds[kind]
    return totals


def payloads(dispatcher: CollectingDispatcher) -> list[str]:
    return [b["payload"] for m in dispatcher.messages for b in m.get("buttons") or []]


async def test_a_known_code_opens_its_pathway_and_keeps_only_the_code() -> None:
    pathway = lookup("anxiety")
    opened = tracker(metadata={"start_parameter": "anxiety"})
    events, dispatcher = await run(ActionWelcome(), opened)
    assert dispatcher.messages[0]["response"] == "utter_welcome"
    assert pathway.welcome in dispatcher.messages[1]["text"]
    buttons = payloads(dispatcher)
    assert f'/start_exercise{{"exercise_id": "{pathway.exercises[0]}"}}' in buttons
    assert '/find_group{"support_topic": "anxiety"}' in buttons
    assert "/ask_contacts" in buttons and "/show_menu" in buttons
    assert events == [{"event": "slot", "timestamp": None, "name": "pathway", "value": "anxiety"}]
    assert counted(UsageKind.NEW_PERSON) == {"anxiety": 1}


@pytest.mark.parametrize("metadata", [{"start_parameter": "nonsense!!"},
                                      {"start_parameter": "no-such-pathway"}, {}, None])
async def test_an_unknown_or_malformed_code_gets_the_ordinary_welcome(metadata) -> None:
    events, dispatcher = await run(ActionWelcome(), tracker(metadata=metadata))
    assert [m["response"] for m in dispatcher.messages] == ["utter_welcome", "utter_menu"]
    assert events == []
    assert counted(UsageKind.NEW_PERSON) == {"none": 1}


async def test_a_later_hello_counts_nobody_new_and_the_same_pathway_only_once() -> None:
    _, dispatcher = await run(ActionGreetBack(), tracker(earlier_messages=3))
    assert [m["response"] for m in dispatcher.messages] == ["utter_greet_back", "utter_menu"]
    again = tracker(metadata={"start_parameter": "low-mood"}, slots={"pathway": "low-mood"},
                    earlier_messages=3)
    events, dispatcher = await run(ActionGreetBack(), again)
    assert dispatcher.messages[0]["response"] == "utter_greet_back"
    assert lookup("low-mood").welcome in dispatcher.messages[1]["text"]
    assert events == [] and counted(UsageKind.NEW_PERSON) == {}


@pytest.mark.parametrize("code", ["anxiety", "carers-glasgow", "bipolar-peer-support",
                                  "waiting-talking-therapies"])
def test_the_search_button_runs_the_preset_search(code: str) -> None:
    pathway = lookup(code)
    entities = search_entities(pathway)
    query, _ = query_from_slots(entities)
    preset = search_query(pathway)
    assert (query.topics, query.areas, query.prefer_kinds) == (
        preset.topics, preset.areas, preset.prefer_kinds[:1])


async def test_a_crisis_answer_is_counted_for_the_pathway() -> None:
    crisis = tracker(intent="crisis", slots={"pathway": "anxiety"}, text="x")
    _, dispatcher = await run(ActionRespondCrisis(), crisis)
    assert dispatcher.messages
    assert counted(UsageKind.CRISIS_ANSWER) == {"anxiety": 1}


async def test_a_slow_or_broken_count_never_delays_or_breaks_the_crisis_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def stuck(*args: Any, **kwargs: Any) -> None:
        time.sleep(3)

    monkeypatch.setattr(action_usage, "count_usage_safely", stuck)
    started = time.monotonic()
    _, dispatcher = await run(ActionRespondCrisis(), tracker(intent="crisis", text="x"))
    assert time.monotonic() - started < action_usage.COUNT_TIMEOUT_SECONDS + 1.5
    assert dispatcher.messages

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("database gone")

    monkeypatch.setattr(action_usage, "count_usage_safely", broken)
    _, dispatcher = await run(ActionRespondCrisis(), tracker(intent="crisis", text="x"))
    assert dispatcher.messages


async def test_a_saved_checkin_and_a_search_are_counted() -> None:
    consent.give(personal_store(), "pseudonym", datetime(2026, 11, 24, 10, tzinfo=timezone.utc))
    slots = {"pathway": "low-mood", "checkin_mood": 6, "checkin_word": "fine"}
    await run(ActionSaveCheckin(), tracker(intent="inform", slots=slots, text="fine"))
    search = {"pathway": "low-mood", "support_topic": "depression", "support_place": "anywhere"}
    await run(ActionSearchSupport(), tracker(intent="find_group", slots=search, text="x"))
    assert counted(UsageKind.CHECKIN) == {"low-mood": 1}
    assert counted(UsageKind.SEARCH) == {"low-mood": 1}


async def test_a_finished_exercise_is_counted_once_and_an_unfinished_one_not() -> None:
    at = datetime(2026, 11, 24, 10, tzinfo=timezone.utc)
    finished = flow.Outcome({"exercise": "paced_breathing"}, record_run=True)
    await keep_and_count(CollectingDispatcher(), finished, tracker(slots={"pathway": "anxiety"}),
                         at)
    await keep_and_count(CollectingDispatcher(), flow.Outcome({}), tracker(), at)
    assert counted(UsageKind.EXERCISE_FINISHED) == {"anxiety": 1}


async def test_count_returns_quickly_even_when_the_database_hangs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(action_usage, "count_usage_safely", lambda *a: time.sleep(3))
    started = time.monotonic()
    await action_usage.count(UsageKind.SEARCH, None)
    assert time.monotonic() - started < action_usage.COUNT_TIMEOUT_SECONDS + 1.0
    await asyncio.sleep(0)
