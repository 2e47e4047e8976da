"""The one personal store the action server uses, created on first use.

Nothing is opened at import: the action server imports every module at start,
and tests point `PERSONAL_DB_URL` (or `VAR_DIR`) somewhere else before the first
call, then `personal_store.cache_clear()`.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from functools import cache
from typing import TypeVar

from store.db import PersonalStore

T = TypeVar("T")

# `cache` does not stop two threads that miss at once from both opening the store; the
# lock makes them take turns, so two schema creations never race in one database.
_OPENING = threading.Lock()


@cache
def personal_store() -> PersonalStore:
    """The store at `PERSONAL_DB_URL` (or var/personal.db), kept for the server's life."""
    with _OPENING:
        return PersonalStore()


async def with_store(work: Callable[[PersonalStore], T]) -> T:
    """Run `work(store)` off the event loop; opening the store the first time is work too."""
    return await asyncio.to_thread(lambda: work(personal_store()))
