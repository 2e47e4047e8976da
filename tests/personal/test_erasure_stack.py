"""Through the real Rasa server and action server: after "delete my data" and one yes, nothing
about the pseudonym is left in any table: personal records, bot/'s reminders, and the tracker
store (which an action alone cannot empty, as Rasa saves the conversation after the action)."""

from __future__ import annotations

import base64
import json
import uuid
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, inspect, text

from bot.reminders import ERASE_PATH, ReminderBook, Reminders
from common.clock import uk_now
from scripts.stack import Stack
from store.db import PersonalStore

pytestmark = pytest.mark.stack


def rows_about(url: str, sender: str) -> dict[str, int]:
    """Rows in every table of a database whose any text column holds `sender`."""
    engine = create_engine(url)
    found: dict[str, int] = {}
    with engine.connect() as connection:
        for table in inspect(engine).get_table_names():
            columns = [c["name"] for c in inspect(engine).get_columns(table)]
            where = " OR ".join(f'CAST("{c}" AS TEXT) LIKE :who' for c in columns)
            count = connection.execute(
                text(f'SELECT COUNT(*) FROM "{table}" WHERE {where}'), {"who": f"%{sender}%"}
            ).scalar()
            if count:
                found[table] = count
    engine.dispose()
    return found


CHATS: dict[str, int] = {}


async def say(client: httpx.AsyncClient, reminders: Reminders, sender: str, message: str) -> list:
    response = await client.post("/webhooks/rest/webhook",
                                 json={"sender": sender, "message": message})
    response.raise_for_status()
    replies = response.json()
    assert replies, f"no reply to {message!r}"
    chat = CHATS.setdefault(sender, len(CHATS) + 1)
    notices = await reminders.after_turn(sender, chat, replies, uk_now())
    assert notices == []
    return replies


async def test_delete_my_data_leaves_nothing_in_any_table(
    stack: Stack, rasa_url: str, tmp_path: Path
) -> None:
    person, bystander = f"erase-{uuid.uuid4().hex}", f"keep-{uuid.uuid4().hex}"
    reminders = Reminders(ReminderBook(f"sqlite:///{tmp_path / 'reminders.db'}"), rasa_url)
    async with httpx.AsyncClient(base_url=rasa_url, timeout=60) as client:
        for sender in (person, bystander):
            await say(client, reminders, sender, '/give_consent{"data_consent": "given"}')
            await say(client, reminders, sender, "/start_checkin")
            for answer in ("about 6", "knackered", "4", "3", "skip", "5"):
                await say(client, reminders, sender, answer)
            await say(client, reminders, sender, "/start_plan")
            await say(client, reminders, sender, "chatty and out walking the dog")
            await say(client, reminders, sender, "/stop")
            await say(client, reminders, sender, "remind me every day at 7pm")

        # Erasure is refused unless the person has just confirmed it.
        refused = await client.post(ERASE_PATH, json={"sender": person})
        assert refused.status_code == 409

        personal_url = f"sqlite:///{stack.var_dir / 'personal.db'}"
        tracker_url = stack.env["TRACKER_DB_URL"]
        store = PersonalStore(personal_url)
        kept = store.export(person)
        assert set(kept) == {"mood_checkins", "outcome_ratings", "plan_sections",
                             "reminder_choices", "data_consents"}
        assert rows_about(tracker_url, person)["events"] > 20
        assert reminders.book.get(CHATS[person]) is not None

        exported = await say(client, reminders, person, "/export_my_data")
        (file,) = [r["custom"] for r in exported if (r.get("custom") or {}).get("kind")]
        content = json.loads(base64.b64decode(file["content_base64"]))
        assert content["records"]["plan_sections"][0]["text"] == "chatty and out walking the dog"
        assert "chatty and out walking the dog" in [c["text"] for c in content["conversation"]]

        await say(client, reminders, person, "/delete_my_data")
        replies = await say(client, reminders, person, "/affirm")

    said = " ".join(r.get("text", "") for r in replies)
    assert "your staying-well plan: 1 section" in said
    assert {"kind": "erase_conversation"} in [r.get("custom") for r in replies]
    assert store.export(person) == {}
    assert rows_about(personal_url, person) == {}
    assert rows_about(tracker_url, person) == {}
    assert reminders.book.get(CHATS[person]) is None
    # The other person's records and conversation are untouched.
    assert set(store.export(bystander)) == set(kept)
    assert rows_about(tracker_url, bystander)["events"] > 20
    assert reminders.book.get(CHATS[bystander]) is not None
    store.dispose()
    reminders.book.dispose()
