"""Running the personal actions the way the action server does, against a throwaway store."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.store_access import personal_store
from store import consent
from store.db import PersonalStore
from tests.support.domain_files import domain

PERSON = "pseudonym-1"


def _fresh_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, consented: bool
                 ) -> Iterator[PersonalStore]:
    monkeypatch.setenv("PERSONAL_DB_URL", f"sqlite:///{tmp_path / 'personal.db'}")
    personal_store.cache_clear()
    if consented:
        consent.give(personal_store(), PERSON, datetime(2026, 11, 1, tzinfo=timezone.utc))
    yield personal_store()
    personal_store().dispose()
    personal_store.cache_clear()


@pytest.fixture
def action_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[PersonalStore]:
    """The store the actions will use, on a fresh SQLite file, PERSON having said yes."""
    yield from _fresh_store(tmp_path, monkeypatch, consented=True)


@pytest.fixture
def unconsented_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                      ) -> Iterator[PersonalStore]:
    """The same, before PERSON has said yes to anything being kept."""
    yield from _fresh_store(tmp_path, monkeypatch, consented=False)


def tracker(
    text: str = "",
    slots: dict[str, Any] | None = None,
    entities: list[dict[str, Any]] | None = None,
    events: list[dict[str, Any]] | None = None,
    active_loop: str | None = None,
    intent: str = "nlu_fallback",
) -> Tracker:
    return Tracker.from_dict({
        "sender_id": PERSON,
        "slots": slots or {},
        "latest_message": {"text": text, "intent": {"name": intent},
                           "entities": entities or []},
        "events": events or [],
        "active_loop": {"name": active_loop} if active_loop else {},
    })


async def run(action: Action, on: Tracker) -> tuple[list[dict[str, Any]], CollectingDispatcher]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, on, domain())
    return events, dispatcher


async def answer(
    form_validation: Action, form: str, slot: str, text: str, slots: dict[str, Any] | None = None,
    intent: str = "nlu_fallback",
) -> tuple[dict[str, Any], CollectingDispatcher]:
    """The person's `text` for the requested `slot`: slot values after validation, messages.

    "requested_slot" is what Rasa asks next: the validation's choice, or else (as Rasa does
    when the validation leaves it) the first slot of the form in domain order still empty.
    """
    filled = {**(slots or {}), "requested_slot": slot}
    events = [
        {"event": "user", "text": text},
        {"event": "slot", "name": slot, "value": text},
    ]
    on = tracker(text, {**filled, slot: text}, events=events, active_loop=form, intent=intent)
    result, dispatcher = await run(form_validation, on)
    values = {e["name"]: e["value"] for e in result if e["event"] == "slot"}
    if "requested_slot" not in values:
        now = {**filled, **values}
        required = domain()["forms"][form]["required_slots"]
        values["requested_slot"] = next((s for s in required if now.get(s) is None), None)
    return values, dispatcher


def said(dispatcher: CollectingDispatcher) -> str:
    return "\n".join(m.get("text") or m.get("response") or "" for m in dispatcher.messages)


def custom(dispatcher: CollectingDispatcher) -> list[dict[str, Any]]:
    return [m["custom"] for m in dispatcher.messages if m.get("custom")]
