"""Their data: listing, export with the conversation, erasure of every record."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timezone
from functools import partial

import httpx
import pytest

from actions.personal_tools.my_data import ActionEraseMyData, ActionExportMyData, ActionShowMyData
from personal import plan
from store import checkins, reminders
from store.db import PersonalStore
from tests.personal import action_support
from tests.personal.action_support import (
    PERSON,
    custom,
    run,
    said,
    tracker,
)

AT = datetime(2026, 11, 23, 21, 30, tzinfo=timezone.utc)

action_store = action_support.action_store


def keep_some(store: PersonalStore) -> None:
    plan.save(store, PERSON, "what_helps", "a walk", AT)
    checkins.record_mood(store, PERSON, AT, 6, "ok")
    reminders.choose(store, PERSON, "daily", "19:00", None, AT)
    checkins.record_mood(store, "someone-else", AT, 2)


async def test_what_is_kept_is_listed_plainly(action_store: PersonalStore) -> None:
    keep_some(action_store)
    _, dispatcher = await run(ActionShowMyData(), tracker())
    text = said(dispatcher)
    assert "your staying-well plan: 1 section" in text
    assert "mood check-ins (0-10 and any word you gave): 1 check-in" in text
    assert "for reminders: your Telegram chat number" in text
    assert [b["payload"] for b in dispatcher.messages[0]["buttons"]][:2] == [
        "/export_my_data", "/delete_my_data"]


async def test_export_is_a_json_file_of_records_and_conversation(
    action_store: PersonalStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RASA_URL", raising=False)
    keep_some(action_store)
    events = [{"event": "user", "text": "export my data", "timestamp": AT.timestamp()}]
    _, dispatcher = await run(ActionExportMyData(), tracker(events=events))
    (sent,) = custom(dispatcher)
    assert sent["kind"] == "document" and sent["mime"] == "application/json"
    content = json.loads(base64.b64decode(sent["content_base64"]))
    assert content["records"]["plan_sections"][0]["text"] == "a walk"
    assert content["conversation"] == [
        {"from": "you", "at": AT.isoformat(), "text": "export my data",
         "understood_as": {"intent": None, "confidence": None}, "other_guesses": [],
         "noticed": []}]
    assert sent.get("add_bot_records") is True  # bot/ adds its reminder row
    assert "someone-else" not in json.dumps(content)


async def test_erasure_removes_every_record_and_asks_bot_to_erase_the_conversation(
    action_store: PersonalStore,
) -> None:
    keep_some(action_store)
    _, dispatcher = await run(ActionEraseMyData(), tracker())
    assert action_store.export(PERSON) == {}
    assert action_store.export("someone-else") != {}
    assert "your staying-well plan: 1 section" in said(dispatcher)
    assert custom(dispatcher) == [{"kind": "erase_conversation"}]


async def test_export_reads_every_session_from_rasa(
    action_store: PersonalStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = {"event": "user", "text": "a message from last month", "timestamp": 1.0}
    asked: list[httpx.URL] = []

    def rasa(request: httpx.Request) -> httpx.Response:
        asked.append(request.url)
        return httpx.Response(200, json={"events": [old]})

    monkeypatch.setenv("RASA_URL", "http://rasa.test")
    monkeypatch.setattr(httpx, "AsyncClient",
                        partial(httpx.AsyncClient, transport=httpx.MockTransport(rasa)))
    _, dispatcher = await run(ActionExportMyData(), tracker())
    content = json.loads(base64.b64decode(custom(dispatcher)[0]["content_base64"]))
    assert [said["text"] for said in content["conversation"]] == ["a message from last month"]
    assert asked[0].path == f"/conversations/{PERSON}/tracker"
    assert asked[0].params["include_events"] == "ALL"
