"""The one personal store the action server uses, created on first use.

Nothing is opened at import: the action server imports every module at start,
and tests point `PERSONAL_DB_URL` (or `VAR_DIR`) somewhere else before the first
call, then `personal_store.cache_clear()`.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import TypeVar

from actions.settings import ActionSettings
from store.db import PersonalStore

T = TypeVar("T")

class _OneStore:
    """The store, opened once: two threads that ask first at the same moment share one.

    `functools.cache` would let both miss and each build an engine (and race to create
    the schema), so the second caller waits on the lock and then finds the first's store.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._store: PersonalStore | None = None

    def __call__(self) -> PersonalStore:
        store = self._store
        if store is None:
            with self._lock:
                if self._store is None:
                    self._store = PersonalStore(ActionSettings.from_env().personal_db_url)
                store = self._store
        return store

    def cache_clear(self) -> None:
        """Forget the store (tests point PERSONAL_DB_URL elsewhere, then ask again)."""
        with self._lock:
            self._store = None


personal_store = _OneStore()


async def with_store(work: Callable[[PersonalStore], T]) -> T:
    """Run `work(store)` off the event loop; opening the store the first time is work too."""
    return await asyncio.to_thread(lambda: work(personal_store()))
