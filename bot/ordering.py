"""One person's messages answered one at a time, in order; different people at once.

With ``concurrent_updates`` every update runs as its own task, so a burst of
messages from one person could be sent to Rasa out of order, or two of their
turns could interleave in the tracker. This update processor takes a per-user
``asyncio.Lock`` before handling an update. Tasks are created in arrival order
and reach the lock without yielding, and asyncio locks wake waiters first-in
first-out, so each person's updates are handled in the order Telegram sent them.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

DEFAULT_MAX_CONCURRENT = 256


def user_key(update: object) -> int | None:
    """Whose turn this update belongs to; None for updates with no user (run freely)."""
    if isinstance(update, Update) and update.effective_user is not None:
        return update.effective_user.id
    return None


class PerUserUpdateProcessor(BaseUpdateProcessor):
    """Serialises updates per user while letting different users run concurrently.

    Locks live in a weak dictionary: a lock exists only while one of that
    person's updates holds it or waits for it, so memory does not grow with the
    number of people who ever wrote.
    """

    def __init__(self, max_concurrent_updates: int = DEFAULT_MAX_CONCURRENT) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()

    def lock_for(self, key: int) -> asyncio.Lock:
        lock = self._locks.get(key)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[key] = lock
        return lock

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = user_key(update)
        if key is None:
            await coroutine
            return
        async with self.lock_for(key):
            await coroutine

    async def initialize(self) -> None:
        """Nothing to allocate: locks are made on demand."""

    async def shutdown(self) -> None:
        """Nothing to free: locks disappear with the tasks that hold them."""
