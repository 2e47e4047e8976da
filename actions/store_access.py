"""The one personal store the action server uses, created on first use.

Nothing is opened at import: the action server imports every module at start,
and tests point `PERSONAL_DB_URL` (or `VAR_DIR`) somewhere else before the first
call, then `personal_store.cache_clear()`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

from actions.settings import ActionSettings
from common.once import once
from store.db import PersonalStore

T = TypeVar("T")


@once
def personal_store() -> PersonalStore:
    """The store at `PERSONAL_DB_URL` (or var/personal.db), kept for the server's life."""
    return PersonalStore(ActionSettings.from_env().personal_db_url)


async def with_store(work: Callable[[PersonalStore], T]) -> T:
    """Run `work(store)` off the event loop; opening the store the first time is work too."""
    return await asyncio.to_thread(lambda: work(personal_store()))
