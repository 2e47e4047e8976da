"""A chat in the terminal through the same Rasa client, rendering and fail-safe.

For developing and demonstrating without a Telegram token: what the console
shows is what Telegram would show, with buttons as numbered options (type the
number to press one). /sos works with Rasa down; Ctrl-D or "quit" ends it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime
from functools import partial

from bot import texts
from bot.inbound import COMMAND_INTENTS, SOS_COMMANDS, prepare_text, split_command
from bot.pseudonym import CONSOLE_USER_ID, Pseudonymizer
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.reminders import Reminders
from bot.rendering import Button, render_console
from bot.retention import RetentionTask, job_from_settings
from bot.safety_bridge import (
    command_failsafe,
    failsafe_for_payload,
    failsafe_messages,
    sos_messages,
)
from bot.services import utc_now
from bot.settings import Settings
from personal.privacy import Retention

ReadLine = Callable[[], Awaitable[str | None]]
Write = Callable[[str], None]

QUIT_WORDS = frozenset({"quit", "exit", "/quit", "/exit"})
PROMPT = "you> "
BANNER = "Console chat: type to talk, a number to press a button, /sos for help now, quit to leave."


async def read_stdin() -> str | None:
    """One line from the terminal without blocking the event loop; None at end of input."""
    try:
        return await asyncio.to_thread(input, PROMPT)
    except EOFError:
        return None


class ConsoleChat:
    """One console conversation: turns typed lines into Rasa messages and prints replies."""

    def __init__(
        self,
        rasa: RasaClient,
        sender: str,
        write: Write,
        clock: Callable[[], datetime] = utc_now,
        reminders: Reminders | None = None,
        retention: Retention | None = None,
    ) -> None:
        self._reminders = reminders
        self._retention = retention or Retention()
        self._rasa = rasa
        self._sender = sender
        self._write = write
        self._clock = clock
        self._buttons: tuple[Button, ...] = ()

    async def handle(self, line: str) -> bool:
        """Answer one line; False when the person asked to leave."""
        line = line.strip()
        if line.lower() in QUIT_WORDS:
            return False
        if line.isdigit() and self._buttons:
            await self._press(int(line))
            return True
        command = split_command(line) if line.startswith("/") else None
        if command is not None and command[0] in SOS_COMMANDS:
            self._say(*sos_messages(self._clock()))
        elif command is not None and command[0] in COMMAND_INTENTS and not command[1]:
            await self._turn(COMMAND_INTENTS[command[0]],
                             command_failsafe(command[0], self._retention))
        else:
            prepared = prepare_text(line)
            if not prepared.text:
                self._say(texts.EMPTY_TEXT)
                return True
            await self._turn(prepared.text, lambda at: failsafe_messages(line, at))
            if prepared.truncated:
                self._say(texts.TRUNCATED)
        return True

    async def _press(self, number: int) -> None:
        if not 1 <= number <= len(self._buttons):
            self._say(f"Please pick a number from 1 to {len(self._buttons)}, or type your answer.")
            return
        payload = self._buttons[number - 1].payload
        await self._turn(payload, lambda at: failsafe_for_payload(payload, at))

    async def _turn(self, message: str, failsafe: Callable[[datetime], tuple[str, ...]]) -> None:
        try:
            replies = await self._rasa.send(self._sender, message, {"channel": "console"})
        except RasaUnavailable:
            self._buttons = ()
            self._say(*failsafe(self._clock()))
            return
        notices: list[str] = []
        if self._reminders is not None:
            notices = await self._reminders.after_turn(
                self._sender, CONSOLE_USER_ID, replies, self._clock())
        turn = render_console(replies)
        if not turn.text:
            # Nothing showable (only custom payloads): as on Telegram, never stay silent.
            self._buttons = ()
            self._say(*failsafe(self._clock()))
            return
        self._buttons = turn.buttons
        self._write("\n\n".join([turn.text, *notices]))

    def _say(self, *messages: str) -> None:
        self._write("\n\n".join(messages))


async def run_console(
    settings: Settings,
    read_line: ReadLine = read_stdin,
    write: Write = print,
    rasa: RasaClient | None = None,
) -> None:
    """Chat until end of input or "quit"."""
    client = rasa or RasaClient(settings.rasa_url, settings.rasa_timeout_seconds)
    sender = Pseudonymizer(settings.pseudonym_key)(CONSOLE_USER_ID)
    if settings.dev_pseudonym_key:
        write("(using the development pseudonym key: fine for the console, never for Telegram)")
    write(BANNER)
    reminders = Reminders.from_settings(settings)

    async def remind(_chat: int, text: str, title: str, _payload: str) -> None:
        write(f"{text} (type \"check in\")")

    reminders.start(remind, utc_now)
    # The same retention job as on Telegram: a pass now, then daily.
    pruning = None
    if settings.tracker_db_url and settings.personal_db_url:
        pruning = RetentionTask(partial(job_from_settings, settings, reminders.book))
        pruning.start(remind, utc_now)
    async with client:
        chat = ConsoleChat(client, sender, write, reminders=reminders,
                           retention=settings.retention)
        try:
            while (line := await read_line()) is not None:
                if not await chat.handle(line):
                    break
        finally:
            if pruning is not None:
                await pruning.stop()
            await reminders.stop()
    write("Take care. Goodbye.")
