"""bot/ reminders with a controllable clock: due times, restarts, going quiet, and erasure."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx
import pytest

from bot.conversation import ask_rasa
from bot.rasa_client import RasaClient
from bot.reminders import (
    CHECK_IN_PAYLOAD,
    ERASE_FAILED_TEXT,
    LAST_REMINDER_TEXT,
    REMINDER_TEXT,
    ReminderBook,
    Reminders,
)
from bot.services import Services
from bot.settings import Settings
from personal.schedule import Schedule

UTC = timezone.utc
MONDAY_NOON = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
DAILY_7PM = {"kind": "reminder", "action": "set",
             "schedule": {"frequency": "daily", "at": "19:00", "weekday": None}}


class Chat:
    """Collects what would have been sent to Telegram."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, str, str, str]] = []

    async def __call__(self, chat_id: int, text: str, title: str, payload: str) -> None:
        self.sent.append((chat_id, text, title, payload))


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'reminders.db'}"


@pytest.fixture
def erased() -> list[dict]:
    return []


@pytest.fixture
def reminders(url: str, erased: list[dict]) -> Reminders:
    def rasa(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/webhooks/erasure/erase"
        erased.append(json.loads(request.content))
        return httpx.Response(200, json={"erased": 12})

    made = Reminders(ReminderBook(url), "http://rasa.test", transport=httpx.MockTransport(rasa))
    yield made
    made.book.dispose()


async def test_a_set_payload_schedules_the_next_uk_time(reminders: Reminders) -> None:
    await reminders.after_turn("p1", 42, [{"text": "ok"}, {"custom": DAILY_7PM}], MONDAY_NOON)
    schedule, due, unanswered = reminders.book.get(42)
    assert schedule == Schedule("daily", "19:00")
    assert due == datetime(2026, 11, 23, 19, 0, tzinfo=UTC)
    assert unanswered == 0


async def test_nothing_is_sent_before_it_is_due_then_once(reminders: Reminders) -> None:
    chat = Chat()
    await reminders.after_turn("p1", 42, [{"custom": DAILY_7PM}], MONDAY_NOON)
    assert await reminders.tick(chat, MONDAY_NOON + timedelta(hours=6, minutes=59)) == 0
    assert await reminders.tick(chat, MONDAY_NOON + timedelta(hours=7)) == 1
    assert await reminders.tick(chat, MONDAY_NOON + timedelta(hours=7, minutes=1)) == 0
    assert chat.sent == [(42, REMINDER_TEXT, "Check in now", CHECK_IN_PAYLOAD)]


async def test_three_unanswered_go_quiet_and_the_last_says_so(reminders: Reminders) -> None:
    chat = Chat()
    await reminders.after_turn("p1", 42, [{"custom": DAILY_7PM}], MONDAY_NOON)
    for day in range(5):
        await reminders.tick(chat, datetime(2026, 11, 23 + day, 19, 0, 30, tzinfo=UTC))
    assert [text for _, text, _, _ in chat.sent] == [
        REMINDER_TEXT, REMINDER_TEXT, LAST_REMINDER_TEXT]
    assert reminders.book.get(42)[1:] == (None, 3)

    # Writing again wakes them: the next one is the next 7pm.
    await reminders.after_turn("p1", 42, [{"text": "hi"}], datetime(2026, 11, 28, 9, tzinfo=UTC))
    assert reminders.book.get(42)[1:] == (datetime(2026, 11, 28, 19, tzinfo=UTC), 0)


async def test_an_answer_resets_the_count(reminders: Reminders) -> None:
    chat = Chat()
    await reminders.after_turn("p1", 42, [{"custom": DAILY_7PM}], MONDAY_NOON)
    await reminders.tick(chat, datetime(2026, 11, 23, 19, 1, tzinfo=UTC))
    await reminders.tick(chat, datetime(2026, 11, 24, 19, 1, tzinfo=UTC))
    await reminders.after_turn("p1", 42, [{"text": "ok"}], datetime(2026, 11, 24, 20, tzinfo=UTC))
    for day in (25, 26):
        await reminders.tick(chat, datetime(2026, 11, day, 19, 1, tzinfo=UTC))
    assert LAST_REMINDER_TEXT not in [text for _, text, _, _ in chat.sent]
    assert reminders.book.get(42)[2] == 2


async def test_reminders_survive_a_restart(url: str, reminders: Reminders) -> None:
    await reminders.after_turn("p1", 42, [{"custom": DAILY_7PM}], MONDAY_NOON)
    reminders.book.dispose()
    again = Reminders(ReminderBook(url), "http://rasa.test")
    chat = Chat()
    assert await again.tick(chat, datetime(2026, 11, 23, 19, 0, tzinfo=UTC)) == 1
    again.book.dispose()


async def test_weekly_across_the_clock_change(reminders: Reminders) -> None:
    chat = Chat()
    sundays = {"kind": "reminder", "action": "set",
               "schedule": {"frequency": "weekly", "at": "10:00", "weekday": 6}}
    await reminders.after_turn("p1", 42, [{"custom": sundays}],
                               datetime(2026, 3, 23, 12, tzinfo=UTC))
    assert reminders.book.get(42)[1] == datetime(2026, 3, 29, 9, 0, tzinfo=UTC)  # BST
    await reminders.after_turn("p2", 43, [{"custom": sundays}],
                               datetime(2026, 10, 19, 12, tzinfo=UTC))
    assert reminders.book.get(43)[1] == datetime(2026, 10, 25, 10, 0, tzinfo=UTC)  # GMT
    assert await reminders.tick(chat, datetime(2026, 3, 29, 9, 0, tzinfo=UTC)) == 1


async def test_clear_and_malformed_payloads(reminders: Reminders) -> None:
    await reminders.after_turn("p1", 42, [{"custom": DAILY_7PM}], MONDAY_NOON)
    await reminders.after_turn("p1", 42, [{"custom": {"kind": "reminder", "action": "clear"}}],
                               MONDAY_NOON)
    assert reminders.book.get(42) is None
    bad = {"kind": "reminder", "action": "set", "schedule": {"frequency": "hourly", "at": "x"}}
    await reminders.after_turn("p1", 42, [{"custom": bad}], MONDAY_NOON)
    assert reminders.book.get(42) is None


async def test_erasure_calls_rasa_and_drops_the_reminder(
    reminders: Reminders, erased: list[dict]
) -> None:
    await reminders.after_turn("p1", 42, [{"custom": DAILY_7PM}], MONDAY_NOON)
    notices = await reminders.after_turn(
        "p1", 42, [{"text": "Done."}, {"custom": {"kind": "erase_conversation"}}], MONDAY_NOON)
    assert notices == []
    assert erased == [{"sender": "p1"}]
    assert reminders.book.get(42) is None


async def test_a_failed_erasure_is_said(url: str) -> None:
    refusing = Reminders(ReminderBook(url), "http://rasa.test", transport=httpx.MockTransport(
        lambda request: httpx.Response(409, json={"error": "erasure was not confirmed"})))
    notices = await refusing.after_turn("p1", 42, [{"custom": {"kind": "erase_conversation"}}],
                                        MONDAY_NOON)
    assert notices == [ERASE_FAILED_TEXT]
    refusing.book.dispose()


async def test_a_send_failure_does_not_stop_the_others(reminders: Reminders) -> None:
    chat = Chat()

    async def flaky(chat_id: int, text: str, title: str, payload: str) -> None:
        if chat_id == 1:
            raise RuntimeError("blocked")
        await chat(chat_id, text, title, payload)

    for sender, chat_id in (("p1", 1), ("p2", 2)):
        await reminders.after_turn(sender, chat_id, [{"custom": DAILY_7PM}], MONDAY_NOON)
    assert await reminders.tick(flaky, datetime(2026, 11, 23, 19, 0, tzinfo=UTC)) == 2
    assert [c for c, *_ in chat.sent] == [2]


async def test_the_loop_ticks_with_the_given_clock_and_sleep(reminders: Reminders) -> None:
    chat = Chat()
    await reminders.after_turn("p1", 42, [{"custom": DAILY_7PM}], MONDAY_NOON)
    moments = iter([MONDAY_NOON, datetime(2026, 11, 23, 19, 0, 5, tzinfo=UTC)])
    naps: list[float] = []

    async def sleep(seconds: float) -> None:
        naps.append(seconds)
        if len(naps) == 2:
            raise KeyboardInterrupt  # end the endless loop from inside

    with pytest.raises(KeyboardInterrupt):
        await reminders.run(chat, lambda: next(moments), sleep=sleep, poll_seconds=30)
    assert naps == [30, 30] and len(chat.sent) == 1


def test_reminders_database_comes_from_the_bot_settings(tmp_path: Path) -> None:
    base = {"PSEUDONYM_KEY": "k" * 32}
    configured = Settings.from_env({**base, "REMINDERS_DB_URL": "postgresql://x/y"})
    assert configured.reminders_database() == "postgresql://x/y"
    in_var = Settings.from_env({**base, "VAR_DIR": str(tmp_path)})
    assert in_var.reminders_database() == f"sqlite:///{tmp_path / 'reminders.db'}"


async def test_the_turn_hook_in_bot_conversation(reminders: Reminders) -> None:
    """bot.conversation.ask_rasa hands every reply to the reminders before rendering."""
    def rasa(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=[{"recipient_id": "p", "text": "Okay"},
                                         {"recipient_id": "p", "custom": DAILY_7PM}])

    client = RasaClient("http://rasa.test", 5, transport=httpx.MockTransport(rasa))
    await client.open()
    services = Services(rasa=client, pseudonymize=lambda user_id: f"p{user_id}",
                        clock=lambda: MONDAY_NOON, reminders=reminders)
    outgoing = await ask_rasa(services, 5, "remind me at 7pm", {}, lambda at: (), chat_id=42)
    await client.close()
    assert [message.html for message in outgoing if message.visible] == ["Okay"]
    assert reminders.book.get(42)[1] == datetime(2026, 11, 23, 19, 0, tzinfo=UTC)


async def test_an_export_is_completed_with_bot_s_own_row(reminders: Reminders) -> None:
    import base64

    await reminders.after_turn("p", 7, [{"custom": DAILY_7PM}], MONDAY_NOON)
    content = {"records": {"mood_checkins": [{"mood": 6}]}}
    export = {"kind": "document", "filename": "my-data.json", "mime": "application/json",
              "caption": "Everything", "add_bot_records": True,
              "content_base64": base64.b64encode(json.dumps(content).encode()).decode()}
    await reminders.after_turn("p", 7, [{"custom": export}], MONDAY_NOON)
    assert "add_bot_records" not in export
    completed = json.loads(base64.b64decode(export["content_base64"]))
    assert completed["records"] == content["records"]
    [row] = completed["records_in_bot"]["chat_reminders"]
    assert row["chat_id"] == 7 and row["frequency"] == "daily" and row["unanswered"] == 0
