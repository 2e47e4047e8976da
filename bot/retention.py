"""The retention job: deletes untouched conversations and personal records, daily and at start.

bot/ runs it as an asyncio task (one pass at start, then every 24 hours); `make prune` runs one
pass for cron (`python -m bot.retention`). Each pass:

1. deletes conversations untouched for CONVERSATION_RETENTION_DAYS from the tracker store;
2. erases every personal record of people who have not used them for PERSONAL_RETENTION_DAYS,
   and drops their reminder here;
3. tells people with reminders on, once, a week before their records go. bot/'s reminder
   table holds chat ids and deliberately no pseudonyms; in a private chat the chat id is the
   Telegram user id, so bot/ makes the pseudonym from it, as it does for every message, and
   keeps nothing new beside the chat id but the date the notice was about.

Every step takes `now`, so tests drive the clock.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import BigInteger, Column, DateTime, create_engine
from sqlalchemy.orm import declarative_base, sessionmaker

from bot.periodic import Periodic, Sleep, every
from bot.reminders import ReminderBook, Send
from personal.privacy import NOTICE_DAYS_BEFORE, Retention
from store.db import PersonalStore
from store.retention import deletion_due, due_for_notice, prune_conversations, prune_personal

_LOGGER = logging.getLogger(__name__)

DAY_SECONDS = 24 * 60 * 60.0
NOTICE_TEXT = (
    "Hi, a note about what I keep for you. You haven't used your plan, check-ins or "
    "reminders for a while, so I'll delete them on {date}, as I said I would. To keep them, "
    "just check in or open your plan before then. To keep nothing, you can also say "
    "\"delete my data\" now."
)
NOTICE_BUTTON, NOTICE_PAYLOAD = "Check in now", "/start_checkin"

_Base = declarative_base()


class RetentionNotice(_Base):
    """A notice sent to a reminder chat: about records last used at `about_last_used`."""

    __tablename__ = "retention_notices"
    chat_id = Column(BigInteger, primary_key=True, autoincrement=False)
    about_last_used = Column(DateTime(timezone=True), nullable=False)


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


@dataclass
class Pass:
    """What one pass did (counts only: no ids are logged)."""

    conversations: int = 0
    people_erased: int = 0
    reminders_dropped: int = 0
    notices: list[tuple[int, str]] = field(default_factory=list)  # (chat id, text) to send


class RetentionJob:
    """The stores the job reaches and how long things are kept."""

    def __init__(self, retention: Retention, tracker_url: str, personal_url: str,
                 book: ReminderBook, pseudonymize: Callable[[int], str]) -> None:
        self.retention = retention
        self.tracker = create_engine(tracker_url, future=True, hide_parameters=True)
        self.personal = PersonalStore(personal_url)
        self.book = book
        self.pseudonymize = pseudonymize
        _Base.metadata.create_all(book.engine)
        self._sessions = sessionmaker(book.engine, expire_on_commit=False, future=True)

    def run_once(self, now: datetime, notify: bool = True) -> Pass:
        """Prune both stores and work out the notices due (blocking: call it in a thread).

        With `notify` False (`make prune`, which cannot reach Telegram) no notice is worked
        out, so bot/'s own pass still sends each one."""
        done = Pass()
        done.conversations = prune_conversations(
            self.tracker, now, self.retention.conversation_days)
        erased = set(prune_personal(self.personal, now, self.retention.personal_days))
        done.people_erased = len(erased)
        expiring = due_for_notice(self.personal, now, self.retention.personal_days,
                                  NOTICE_DAYS_BEFORE)
        for chat_id in self.book.chats():
            who = self.pseudonymize(chat_id)
            if who in erased:
                self.book.clear(chat_id)
                self._forget_notice(chat_id)
                done.reminders_dropped += 1
            elif notify and who in expiring and self._first_notice(chat_id, expiring[who]):
                when = deletion_due(expiring[who], self.retention.personal_days)
                done.notices.append((chat_id, NOTICE_TEXT.format(date=f"{when:%-d %B %Y}")))
        return done

    def _first_notice(self, chat_id: int, last_used: datetime) -> bool:
        """True (and remembered) unless this chat was already told about this last use."""
        with self._sessions.begin() as session:
            row = session.get(RetentionNotice, chat_id)
            if row is not None and _utc(row.about_last_used) == last_used:
                return False
            if row is None:
                session.add(RetentionNotice(chat_id=chat_id, about_last_used=last_used))
            else:
                row.about_last_used = last_used
            return True

    def _forget_notice(self, chat_id: int) -> None:
        with self._sessions.begin() as session:
            row = session.get(RetentionNotice, chat_id)
            if row is not None:
                session.delete(row)

    async def tick(self, send: Send, now: datetime) -> Pass:
        done = await asyncio.to_thread(self.run_once, now)
        for chat_id, text in done.notices:
            try:
                await send(chat_id, text, NOTICE_BUTTON, NOTICE_PAYLOAD)
            except Exception as exc:  # noqa: BLE001 - one chat's failure must not stop others
                _LOGGER.warning("a retention notice could not be sent (%s)", type(exc).__name__)
        _LOGGER.info("retention pass: %d conversations and %d people's records deleted, "
                     "%d notices", done.conversations, done.people_erased, len(done.notices))
        return done

    def dispose(self) -> None:
        self.tracker.dispose()
        self.personal.dispose()


class RetentionTask(Periodic):
    """The asyncio task in bot/: a pass at start, then one a day, until stopped.

    The job (and its database connections) is made when the task starts, not before."""

    def __init__(self, make_job: Callable[[], RetentionJob]) -> None:
        self._make_job = make_job
        self.job: RetentionJob | None = None

    async def run(self, send: Send, clock: Callable[[], datetime],
                  sleep: Sleep = asyncio.sleep, interval: float = DAY_SECONDS) -> None:
        await every(interval, lambda: self._one_pass(send, clock()), "retention pass", sleep)

    async def _one_pass(self, send: Send, now: datetime) -> None:
        if self.job is None:
            self.job = await asyncio.to_thread(self._make_job)
        await self.job.tick(send, now)

    def close(self) -> None:
        if self.job is not None:
            self.job.dispose()
            self.job = None


def _sqlite_folder(url: str) -> None:
    """A SQLite file's folder must exist before the first connection (as the servers ensure)."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)


def job_from_settings(settings: Any, book: ReminderBook | None = None) -> RetentionJob:
    from bot.pseudonym import Pseudonymizer

    for url in (settings.tracker_db_url, settings.personal_db_url, settings.reminders_db_url):
        _sqlite_folder(url)
    return RetentionJob(settings.retention, settings.tracker_db_url, settings.personal_db_url,
                        book or ReminderBook(settings.reminders_db_url),
                        Pseudonymizer(settings.pseudonym_key))


def main() -> int:
    """`make prune`: one pass now. Notices need Telegram, so they wait for bot/'s own pass."""
    from bot.settings import configured

    settings = configured()
    if settings is None:
        return 2
    job = job_from_settings(settings)
    try:
        done = job.run_once(datetime.now(timezone.utc), notify=False)
    finally:
        job.dispose()
    print(f"Deleted {done.conversations} conversations and the records of "
          f"{done.people_erased} people.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
