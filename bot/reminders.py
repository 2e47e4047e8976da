"""Check-in reminders that reach a chat, and the personal-data payloads only bot/ can act on.

The action server keeps the person's reminder choice, but only bot/ knows which chat belongs
to a pseudonym. So Rasa replies carry custom payloads that bot/ acts on after each turn:

    {"kind": "reminder", "action": "set", "schedule": {"frequency", "at", "weekday"}}
    {"kind": "reminder", "action": "clear"}
    {"kind": "erase_conversation"}   # after "delete my data" was confirmed
    {"kind": "document", ..., "add_bot_records": true}   # an export: bot/ adds its own row

bot/ keeps (chat id, schedule, next due, unanswered count) in its own table
(`REMINDERS_DB_URL`, default SQLite under `VAR_DIR`), so reminders survive restarts. The
pseudonym is deliberately not stored beside the chat id: that pair would undo the
pseudonymisation for anyone holding this table and the tracker store. One
asyncio task sends what is due. Any message from the person resets the unanswered count; the
third reminder in a row without an answer says it is the last, and then they go quiet until
the person writes again. Erasure asks Rasa's erasure channel to delete the conversation
(see rasa_plugins/conversation_erasure.py) and drops the reminder here.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import httpx
from sqlalchemy import BigInteger, Column, DateTime, Integer, String, create_engine, select
from sqlalchemy.orm import declarative_base, sessionmaker

from bot.periodic import Periodic, Sleep, every
from bot.settings import Settings
from personal.schedule import QUIET_AFTER, Schedule, next_due

_LOGGER = logging.getLogger(__name__)

ERASE_PATH = "/webhooks/erasure/erase"
# A document payload carrying this key is a data export that bot/ completes with its own row.
BOT_RECORDS_KEY = "add_bot_records"
CHECK_IN_PAYLOAD = "/start_checkin"
CHECK_IN_BUTTON = "Check in now"
POLL_SECONDS = 30.0
REMINDER_TEXT = "Hi, just a wee reminder: would you like to do your check-in?"
LAST_REMINDER_TEXT = (
    "Hi, a wee reminder to check in. I haven't heard back for a few, so this is the last one "
    "for now: reminders start again when you next message me. Say \"stop reminders\" to end "
    "them for good."
)
ERASE_FAILED_TEXT = (
    "I deleted your records, but couldn't delete our conversation history just now. "
    "Please say \"delete my data\" again in a little while."
)

Base = declarative_base()


class ChatReminder(Base):
    __tablename__ = "chat_reminders"
    chat_id = Column(BigInteger, primary_key=True, autoincrement=False)
    frequency = Column(String(8), nullable=False)
    at_time = Column(String(5), nullable=False)
    weekday = Column(Integer)
    next_due = Column(DateTime(timezone=True))  # None: quiet after unanswered reminders
    unanswered = Column(Integer, nullable=False, default=0)


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=timezone.utc)


@dataclass(frozen=True)
class Due:
    chat_id: int
    last: bool  # the reminder that says reminders go quiet after it


class ReminderBook:
    """The table of reminders; every method is a short synchronous transaction."""

    def __init__(self, url: str) -> None:
        self.engine = create_engine(url, future=True, hide_parameters=True)
        Base.metadata.create_all(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, future=True)

    def set(self, chat_id: int, schedule: Schedule, now: datetime) -> datetime:
        """Start (or change) reminders; the first one is due at the next scheduled moment."""
        due = next_due(schedule, now)
        with self._sessions.begin() as session:
            row = session.get(ChatReminder, chat_id) or ChatReminder(chat_id=chat_id)
            row.frequency, row.at_time, row.weekday = (
                schedule.frequency, schedule.at, schedule.weekday)
            row.next_due, row.unanswered = due, 0
            session.add(row)
        return due

    def clear(self, chat_id: int) -> bool:
        with self._sessions.begin() as session:
            row = session.get(ChatReminder, chat_id)
            if row is None:
                return False
            session.delete(row)
            return True

    def answered(self, chat_id: int, now: datetime) -> None:
        """The person wrote: count from zero again, and wake reminders that had gone quiet."""
        with self._sessions.begin() as session:
            row = session.get(ChatReminder, chat_id)
            if row is None or (row.unanswered == 0 and row.next_due is not None):
                return
            row.unanswered = 0
            if row.next_due is None:
                row.next_due = next_due(self._schedule(row), now)

    def due(self, now: datetime) -> list[Due]:
        with self._sessions() as session:
            rows = session.scalars(
                select(ChatReminder).where(ChatReminder.next_due.is_not(None),
                                           ChatReminder.next_due <= now)
            ).all()
            return [Due(r.chat_id, r.unanswered + 1 >= QUIET_AFTER) for r in rows]

    def sent(self, chat_id: int, now: datetime) -> None:
        """One more unanswered reminder; the next is due, or none after the last one."""
        with self._sessions.begin() as session:
            row = session.get(ChatReminder, chat_id)
            if row is None:
                return
            row.unanswered += 1
            quiet = row.unanswered >= QUIET_AFTER
            row.next_due = None if quiet else next_due(self._schedule(row), now)

    def export(self, chat_id: int) -> dict[str, Any] | None:
        """This chat's row as plain values, for the person's data export."""
        found = self.get(chat_id)
        if found is None:
            return None
        schedule, due, unanswered = found
        return {"chat_id": chat_id, **schedule.as_dict(),
                "next_due": None if due is None else due.isoformat(), "unanswered": unanswered}

    def chats(self) -> list[int]:
        """Every chat with reminders on (or gone quiet), for the retention job."""
        with self._sessions() as session:
            return list(session.scalars(select(ChatReminder.chat_id)))

    def get(self, chat_id: int) -> tuple[Schedule, datetime | None, int] | None:
        """(schedule, next due or None if quiet, unanswered count), for tests and listing."""
        with self._sessions() as session:
            row = session.get(ChatReminder, chat_id)
            if row is None:
                return None
            return self._schedule(row), _utc(row.next_due), row.unanswered

    @staticmethod
    def _schedule(row: ChatReminder) -> Schedule:
        return Schedule(row.frequency, row.at_time, row.weekday)

    def dispose(self) -> None:
        self.engine.dispose()


Send = Callable[[int, str, str, str], Awaitable[None]]  # chat id, text, button title, payload


def telegram_sender(bot: Any) -> Send:
    """Sends a reminder with its one button through python-telegram-bot's `Bot`."""
    from telegram import InlineKeyboardButton, InlineKeyboardMarkup

    async def send(chat_id: int, text: str, title: str, payload: str) -> None:
        markup = InlineKeyboardMarkup([[InlineKeyboardButton(title, callback_data=payload)]])
        await bot.send_message(chat_id, text, reply_markup=markup)

    return send


class Reminders(Periodic):
    """bot/'s reminder service: payloads after each turn, and the task that sends reminders."""

    def __init__(self, book: ReminderBook, rasa_url: str,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.book = book
        self._erase_url = rasa_url.rstrip("/") + ERASE_PATH
        self._transport = transport

    @classmethod
    def from_settings(cls, settings: Settings) -> Reminders:
        return cls(ReminderBook(settings.reminders_database()), settings.rasa_url)

    async def after_turn(self, sender: str, chat_id: int, replies: Iterable[Mapping[str, Any]],
                         now: datetime) -> list[str]:
        """Act on one turn: the person answered, and any reminder or erasure payloads.

        Returns texts bot/ should add to the answer (only when erasure could not finish).
        """
        notices: list[str] = []
        try:
            await asyncio.to_thread(self.book.answered, chat_id, now)
            for reply in replies:
                custom = reply.get("custom")
                if not isinstance(custom, Mapping):
                    continue
                if custom.get("kind") == "reminder":
                    await self._apply(chat_id, custom, now)
                elif custom.get("kind") == "document" and custom.get(BOT_RECORDS_KEY):
                    await asyncio.to_thread(self._add_bot_records, custom, chat_id)
                elif custom.get("kind") == "erase_conversation":
                    await asyncio.to_thread(self.book.clear, chat_id)
                    if not await self._erase_conversation(sender):
                        notices.append(ERASE_FAILED_TEXT)
        except Exception as exc:  # noqa: BLE001 - the answer must still reach the person
            _LOGGER.error("reminder bookkeeping failed (%s)", type(exc).__name__)
        return notices

    def _add_bot_records(self, custom: Any, chat_id: int) -> None:
        """Complete a data export with what bot/ keeps for this chat (in place, before the
        reply is rendered): the export is then everything kept, in one file."""
        custom.pop(BOT_RECORDS_KEY, None)
        content = json.loads(base64.b64decode(custom["content_base64"]).decode("utf-8"))
        row = self.book.export(chat_id)
        content["records_in_bot"] = {"chat_reminders": [row] if row else []}
        text = json.dumps(content, ensure_ascii=False, indent=2)
        custom["content_base64"] = base64.b64encode(text.encode("utf-8")).decode("ascii")

    async def _apply(self, chat_id: int, custom: Mapping[str, Any], now: datetime) -> None:
        if custom.get("action") == "clear":
            await asyncio.to_thread(self.book.clear, chat_id)
            return
        try:
            schedule = Schedule.from_dict(dict(custom.get("schedule") or {}))
        except (KeyError, TypeError, ValueError):
            _LOGGER.warning("ignored a malformed reminder payload")
            return
        await asyncio.to_thread(self.book.set, chat_id, schedule, now)

    async def _erase_conversation(self, sender: str) -> bool:
        try:
            async with httpx.AsyncClient(transport=self._transport, timeout=10) as client:
                response = await client.post(self._erase_url, json={"sender": sender})
        except httpx.HTTPError as exc:
            _LOGGER.error("conversation erasure failed (%s)", type(exc).__name__)
            return False
        if response.status_code != 200:
            _LOGGER.error("conversation erasure refused (status %s)", response.status_code)
            return False
        return True

    async def tick(self, send: Send, now: datetime) -> int:
        """Send every reminder due at `now`; how many were sent."""
        sent = 0
        for due in await asyncio.to_thread(self.book.due, now):
            text = LAST_REMINDER_TEXT if due.last else REMINDER_TEXT
            try:
                await send(due.chat_id, text, CHECK_IN_BUTTON, CHECK_IN_PAYLOAD)
            except Exception as exc:  # noqa: BLE001 - one chat's failure must not stop others
                _LOGGER.warning("a reminder could not be sent (%s)", type(exc).__name__)
            await asyncio.to_thread(self.book.sent, due.chat_id, now)
            sent += 1
        return sent

    async def run(self, send: Send, clock: Callable[[], datetime],
                  sleep: Sleep = asyncio.sleep, poll_seconds: float = POLL_SECONDS) -> None:
        """Until cancelled: send what is due, then wait a little."""
        await every(poll_seconds, lambda: self.tick(send, clock()), "reminder pass", sleep)

    def close(self) -> None:
        self.book.dispose()
