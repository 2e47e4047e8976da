"""Paced steps ("breathe in for 60 seconds"): one message counting down, then the rest.

A timer runs as a background task per chat rather than inside the person's
turn, because the turn holds that person's lock (`bot.ordering`): a countdown
inside it would make "stop", or a crisis message, wait for it. Instead the
next turn stops the countdown first (`Pacer.stop`), since the person has moved
on, and whatever was queued behind the timer in the old reply is dropped.

Telegram allows roughly one edit of a message every few seconds before flood
control; the tick is at least `MIN_TICK_SECONDS` (`bot.custom_payloads`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.custom_payloads import Timer
from bot.rendering import escape_html

_LOGGER = logging.getLogger(__name__)

STOP_TIMEOUT_SECONDS = 2.0
# No two edits of a countdown come closer than this (the tick itself is longer).
MIN_EDIT_GAP_SECONDS = 1.0
Sleep = Callable[[float], Awaitable[None]]


def countdown_text(timer: Timer, remaining: int) -> str:
    """The timer message with the seconds left, as HTML."""
    unit = "second" if remaining == 1 else "seconds"
    return escape_html(f"{timer.text}\n\n⏳ {remaining} {unit} left")


async def _edit(bot: Bot, chat_id: int, message_id: int, html: str) -> bool:
    try:
        await bot.edit_message_text(html, chat_id, message_id, parse_mode=ParseMode.HTML)
        return True
    except TelegramError as exc:
        # A missed tick is only cosmetic; the next one (or the final text) catches up.
        _LOGGER.info("timer edit failed (%s)", type(exc).__name__)
        return False


async def run_timer(
    bot: Bot,
    chat_id: int,
    timer: Timer,
    sleep: Sleep = asyncio.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> None:
    """Show `timer`, edit it every tick until its time is up, then show its done text.

    If stopped early, the message keeps the step's text without a countdown.
    """
    sent = await bot.send_message(chat_id, countdown_text(timer, timer.seconds), ParseMode.HTML)
    ends = clock() + timer.seconds
    try:
        while (left := ends - clock()) > 0:
            await sleep(min(timer.tick, left))
            # Woken late on a busy machine, less than a second may be left: showing
            # "1 second left" then "done" a moment later would be a burst of edits.
            if ends - clock() >= MIN_EDIT_GAP_SECONDS:
                remaining = math.ceil(ends - clock())
                await _edit(bot, chat_id, sent.message_id, countdown_text(timer, remaining))
    except asyncio.CancelledError:
        await _edit(bot, chat_id, sent.message_id, escape_html(timer.text))
        raise
    done = escape_html(f"{timer.text}\n\n{timer.done_text}")
    if not await _edit(bot, chat_id, sent.message_id, done):
        await bot.send_message(chat_id, escape_html(timer.done_text), ParseMode.HTML)


class Pacer:
    """At most one paced step per chat, running in the background until done or stopped."""

    def __init__(self) -> None:
        self._running: dict[int, asyncio.Task[None]] = {}

    def start(self, chat_id: int, steps: Coroutine[Any, Any, None]) -> None:
        """Run `steps` for `chat_id` (the caller stops any earlier one first)."""
        task = asyncio.get_running_loop().create_task(self._guarded(steps))
        self._running[chat_id] = task
        task.add_done_callback(lambda done: self._forget(chat_id, done))

    def _forget(self, chat_id: int, task: asyncio.Task[None]) -> None:
        if self._running.get(chat_id) is task:
            del self._running[chat_id]

    @staticmethod
    async def _guarded(steps: Coroutine[Any, Any, None]) -> None:
        try:
            await steps
        except Exception as exc:  # noqa: BLE001 - a background task has no one to raise to
            _LOGGER.warning("a paced step could not be shown (%s)", type(exc).__name__)

    def running(self, chat_id: int) -> bool:
        return chat_id in self._running

    async def stop(self, chat_id: int) -> None:
        """End the chat's paced step, if any, and wait (briefly) for it to tidy up."""
        task = self._running.pop(chat_id, None)
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait({task}, timeout=STOP_TIMEOUT_SECONDS)

    async def stop_all(self) -> None:
        for chat_id in list(self._running):
            await self.stop(chat_id)
