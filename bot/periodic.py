"""Work bot/ does now and then in the background: sending reminders, pruning old data.

Both run as one asyncio task each (python-telegram-bot's job queue cannot be installed
beside Rasa), started after the bot starts and stopped before it stops. A failed pass is
logged by its kind alone (no text, no ids) and the next pass still runs: a database
hiccup must not end reminders or retention for good.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

_LOGGER = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[Any]]


async def every(interval: float, one_pass: Callable[[], Awaitable[Any]], what: str,
                sleep: Sleep = asyncio.sleep) -> None:
    """Until cancelled: run `one_pass`, then wait `interval` seconds."""
    while True:
        try:
            await one_pass()
        except Exception as exc:  # noqa: BLE001 - the next pass must still run
            _LOGGER.error("%s failed (%s)", what, type(exc).__name__)
        await sleep(interval)


class Periodic:
    """Start and stop a subclass's `run(send, clock)` as one background task."""

    _task: asyncio.Task | None = None

    async def run(self, send: Any, clock: Callable[[], datetime]) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Release what the passes held (database connections), once stopped."""

    def start(self, send: Any, clock: Callable[[], datetime]) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self.run(send, clock))

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        self.close()
