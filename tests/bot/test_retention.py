"""bot/'s retention job with a controlled clock: a pass at start and daily, pruning both
stores, dropping erased people's reminders, and a one-time notice a week before to people
with reminders on (found by making the pseudonym from the chat id, as for a message)."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine, insert

from bot.pseudonym import Pseudonymizer
from bot.reminders import ReminderBook
from bot.retention import DAY_SECONDS, RetentionJob, RetentionTask, main
from personal.privacy import Retention
from personal.schedule import Schedule
from store import checkins, consent
from store.db import PersonalStore
from store.retention import EVENTS

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)
KEY = b"retention-test-key-0123456789"
pseudonym = Pseudonymizer(KEY)
GONE_CHAT, SOON_CHAT, ACTIVE_CHAT = 101, 102, 103


@pytest.fixture
def job(tmp_path: Path):
    tracker_url = f"sqlite:///{tmp_path / 'tracker.db'}"
    engine = create_engine(tracker_url)
    EVENTS.metadata.create_all(engine)
    with engine.begin() as connection:
        for sender, age in (("old-talk", 31), ("new-talk", 2)):
            connection.execute(insert(EVENTS).values(
                sender_id=sender, timestamp=(NOW - timedelta(days=age)).timestamp()))
    engine.dispose()
    personal_url = f"sqlite:///{tmp_path / 'personal.db'}"
    store = PersonalStore(personal_url)
    for chat, age in ((GONE_CHAT, 400), (SOON_CHAT, 360), (ACTIVE_CHAT, 2)):
        who = pseudonym(chat)
        consent.give(store, who, NOW - timedelta(days=age))
        checkins.record_mood(store, who, NOW - timedelta(days=age), 5)
    book = ReminderBook(f"sqlite:///{tmp_path / 'reminders.db'}")
    for chat in (GONE_CHAT, SOON_CHAT, ACTIVE_CHAT):
        book.set(chat, Schedule("daily", "19:00", None), NOW)
    running = RetentionJob(Retention(30, 365), tracker_url, personal_url, book, pseudonym)
    yield running, store, book
    running.dispose()
    store.dispose()
    book.dispose()


def test_one_pass_prunes_drops_reminders_and_names_who_to_tell(job) -> None:
    running, store, book = job
    done = running.run_once(NOW)
    assert (done.conversations, done.people_erased, done.reminders_dropped) == (1, 1, 1)
    assert store.export(pseudonym(GONE_CHAT)) == {}
    assert book.get(GONE_CHAT) is None and book.get(SOON_CHAT) is not None
    [(chat, text)] = done.notices
    assert chat == SOON_CHAT
    assert "5 December 2026" in text and "delete" in text
    # Told once: the next day's pass says nothing more about the same last use.
    assert running.run_once(NOW + timedelta(days=1)).notices == []


def test_using_the_records_again_moves_the_date_and_allows_a_new_notice(job) -> None:
    running, store, _ = job
    assert len(running.run_once(NOW).notices) == 1
    checkins.record_mood(store, pseudonym(SOON_CHAT), NOW, 7)
    assert running.run_once(NOW + timedelta(days=3)).notices == []
    later = NOW + timedelta(days=360)  # both are now within a week of the new date
    assert {chat for chat, _ in running.run_once(later).notices} == {SOON_CHAT, ACTIVE_CHAT}


def test_make_prune_works_out_no_notices_so_bot_still_sends_them(job) -> None:
    running, _, _ = job
    assert running.run_once(NOW, notify=False).notices == []
    assert len(running.run_once(NOW).notices) == 1


async def test_the_task_runs_a_pass_at_start_then_one_a_day(job) -> None:
    running, _, _ = job
    sent: list[tuple[int, str]] = []
    slept: list[float] = []
    clock = iter([NOW, NOW + timedelta(days=1)])
    third_sleep = asyncio.Event()

    async def send(chat: int, text: str, title: str, payload: str) -> None:
        sent.append((chat, payload))

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        if len(slept) == 2:
            third_sleep.set()
            await asyncio.Event().wait()  # stay asleep until cancelled

    task = RetentionTask(lambda: running)
    runner = asyncio.create_task(task.run(send, lambda: next(clock), sleep))
    await asyncio.wait_for(third_sleep.wait(), 10)
    runner.cancel()
    assert slept == [DAY_SECONDS, DAY_SECONDS]
    assert sent == [(SOON_CHAT, "/start_checkin")]


def test_make_prune_runs_one_pass_with_the_configured_stores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("PSEUDONYM_KEY", KEY.decode())
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    for name in ("TRACKER_DB_URL", "PERSONAL_DB_URL", "REMINDERS_DB_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("CONVERSATION_RETENTION_DAYS", "10")
    assert main() == 0
    assert "Deleted 0 conversations" in capsys.readouterr().out
    assert (tmp_path / "var" / "personal.db").exists()
