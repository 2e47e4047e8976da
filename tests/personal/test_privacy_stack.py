"""Privacy through the real Rasa server and action server: the notice says the configured days,
nothing is kept without a yes, the yes is dated and can be withdrawn (deletion offered), the
export holds everything every table and the tracker keep, and retention empties both stores."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from bot.pseudonym import Pseudonymizer
from bot.reminders import ReminderBook, Reminders
from bot.retention import RetentionJob
from common.clock import uk_now
from personal.privacy import privacy_notice, retention_from_env
from scripts.stack import Stack
from store import consent
from store.db import PersonalStore, personal_tables

pytestmark = pytest.mark.stack

KEY = b"privacy-stack-test-key-0123456789"


def texts_of(replies: list[dict]) -> str:
    return "\n".join(r.get("text") or "" for r in replies)


class Person:
    """One person talking to the stack through bot/'s reminder and export bookkeeping."""

    def __init__(self, client: httpx.AsyncClient, reminders: Reminders) -> None:
        self.chat = uuid.uuid4().int % 10**9
        self.sender = Pseudonymizer(KEY)(self.chat)
        self.client, self.reminders = client, reminders

    async def say(self, message: str) -> list[dict]:
        response = await self.client.post("/webhooks/rest/webhook",
                                          json={"sender": self.sender, "message": message})
        response.raise_for_status()
        replies = response.json()
        assert replies, f"no reply to {message!r}"
        assert await self.reminders.after_turn(self.sender, self.chat, replies, uk_now()) == []
        return replies


@pytest.fixture
async def people(stack: Stack, rasa_url: str, tmp_path: Path):
    reminders = Reminders(ReminderBook(f"sqlite:///{tmp_path / 'reminders.db'}"), rasa_url)
    async with httpx.AsyncClient(base_url=rasa_url, timeout=60) as client:
        yield lambda: Person(client, reminders)
    reminders.book.dispose()


@pytest.fixture
def store(stack: Stack):
    personal = PersonalStore(f"sqlite:///{stack.var_dir / 'personal.db'}")
    yield personal
    personal.dispose()


def tracker_rows(stack: Stack, sender: str) -> list[tuple[str, str | None]]:
    engine = create_engine(stack.env["TRACKER_DB_URL"])
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT type_name, intent_name FROM events WHERE sender_id = :s ORDER BY id"),
            {"s": sender}).all()
    engine.dispose()
    return [tuple(row) for row in rows]


async def test_the_privacy_answer_is_the_notice_with_the_configured_days(
    stack: Stack, people
) -> None:
    person = people()
    expected = privacy_notice(retention_from_env(stack.env))
    for asked in ("/ask_privacy", "is it end to end encrypted"):
        assert (await person.say(asked))[0]["text"] == expected


async def test_without_a_yes_nothing_is_kept_and_the_flows_still_work(
    people, store: PersonalStore
) -> None:
    person = people()
    screen = await person.say("/start_checkin")
    assert "Is that okay?" in texts_of(screen)
    assert [b["title"] for b in screen[-1]["buttons"]] == ["Yes, keep it", "No, don't keep it"]
    assert "won't keep it" in texts_of(await person.say("no"))
    await person.say("6")
    assert "6 out of 10 today. I haven't kept it" in texts_of(await person.say("skip"))
    await person.say("/start_plan")
    not_kept = await person.say('/start_plan{"data_consent": "declined"}')
    assert "I won't keep it" in texts_of(not_kept)
    await person.say("out walking the dog")
    await person.say("/stop")
    declined = await person.say('/set_reminder{"data_consent": "declined"}')
    assert "I won't set any" in texts_of(declined)
    assert person.reminders.book.get(person.chat) is None
    assert store.export(person.sender) == {}


async def test_a_yes_is_dated_and_withdrawing_it_offers_deletion(
    people, store: PersonalStore
) -> None:
    person = people()
    await person.say("/start_checkin")
    assert "stop keeping my data" in texts_of(await person.say("yes"))
    await person.say("7")
    for _ in range(5):  # the word, then the four statements the first check-in asks
        if "noted" in texts_of(await person.say("skip")):
            break
    else:
        pytest.fail("the check-in never finished")
    kept = store.export(person.sender)
    [consent] = kept["data_consents"]
    assert consent["given_at"][:10] == uk_now().astimezone(timezone.utc).date().isoformat()
    assert kept["mood_checkins"][0]["mood"] == 7

    withdrawn = await person.say("stop keeping my data")
    assert "would you like me to delete it?" in texts_of(withdrawn)
    assert [b["payload"] for b in withdrawn[0]["buttons"]] == ["/delete_my_data", "/show_menu"]
    assert set(store.export(person.sender)) == {"mood_checkins"}
    await person.say("/delete_my_data")
    await person.say("/affirm")
    assert store.export(person.sender) == {}


async def test_the_export_holds_every_table_the_tracker_and_bot_s_row(
    stack: Stack, people, store: PersonalStore
) -> None:
    person = people()
    await person.say('/give_consent{"data_consent": "given"}')
    await person.say("/start_checkin")
    for answer in ("about 6", "knackered", "4", "3", "skip", "5"):
        await person.say(answer)
    await person.say("/start_plan")
    await person.say("chatty and out walking the dog")
    await person.say("/stop")
    await person.say("remind me every day at 7pm")
    await person.say("I want to end my life")
    replies = await person.say("/export_my_data")
    [file] = [r["custom"] for r in replies if (r.get("custom") or {}).get("kind") == "document"]
    content = json.loads(base64.b64decode(file["content_base64"]))

    # Every personal table with rows for the person, row for row.
    kept = store.export(person.sender)
    assert content["records"] == kept
    assert {"data_consents", "mood_checkins", "outcome_ratings", "plan_sections",
            "reminder_choices"} <= set(kept)
    with store.session() as session:
        for table in personal_tables():
            count = session.execute(text(
                f'SELECT COUNT(*) FROM "{table.name}" WHERE person = :p'),
                {"p": person.sender}).scalar()
            assert count == len(content["records"].get(table.name, [])), table.name
    # The tracker: every message of the person before the export, with the intent it got.
    users = [intent for kind, intent in tracker_rows(stack, person.sender) if kind == "user"]
    said = [c for c in content["conversation"] if c["from"] == "you"]
    # The export reads the saved conversation, which may not hold the export request yet.
    assert [c["understood_as"]["intent"] for c in said] in (users, users[:-1])
    assert len(said) == 13  # every message before the export
    crisis = next(c for c in said if c["text"] == "I want to end my life")
    assert crisis["understood_as"]["intent"] == "crisis"
    assert any(n["what"] == "crisis_kind" for n in crisis["noticed"])
    assert content["remembered_in_conversation"]["crisis_risk"]["value"] is True
    # bot/'s own row, which only bot/ can add.
    [row] = content["records_in_bot"]["chat_reminders"]
    assert (row["chat_id"], row["frequency"], row["at"]) == (person.chat, "daily", "19:00")
    shown = texts_of(await person.say("/ask_my_data"))
    assert "might be at risk, so I answer carefully: yes" in shown
    assert "your yes to me keeping these" in shown


async def test_retention_empties_the_tracker_and_the_records_through_the_servers(
    stack: Stack, people, store: PersonalStore, tmp_path: Path
) -> None:
    person, other = people(), people()
    for who in (person, other):
        await who.say('/give_consent{"data_consent": "given"}')
        await who.say("remind me every day at 7pm")
    retention = retention_from_env(stack.env)
    job = RetentionJob(retention, stack.env["TRACKER_DB_URL"],
                       f"sqlite:///{stack.var_dir / 'personal.db'}", person.reminders.book,
                       Pseudonymizer(KEY))
    try:
        now = datetime.now(timezone.utc)
        assert job.run_once(now).conversations == 0
        assert tracker_rows(stack, person.sender)
        later = now + timedelta(days=retention.conversation_days, hours=1)
        assert job.run_once(later).conversations >= 2
        assert tracker_rows(stack, person.sender) == [] == tracker_rows(stack, other.sender)
        assert store.export(person.sender)  # records outlive the conversation
        week_before = now + timedelta(days=retention.personal_days - 3)
        notices = dict(job.run_once(week_before).notices)
        assert {person.chat, other.chat} <= set(notices)
        # Using them on a later day moves the date for this person only (the clock of the
        # records is the store's: the servers' own clock cannot be moved).
        consent.touch(store, person.sender, now + timedelta(days=10))
        done = job.run_once(now + timedelta(days=retention.personal_days, hours=1))
        assert done.people_erased >= 1
        assert store.export(other.sender) == {}
        assert person.reminders.book.get(other.chat) is None
        assert store.export(person.sender)
        # Rasa carries on with a fresh conversation for the pruned person.
        assert await other.say("/greet")
    finally:
        job.dispose()
