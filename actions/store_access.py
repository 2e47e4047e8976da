"""The action server's one personal store, created on first use and kept (no work at import)."""

from __future__ import annotations

from functools import cache

from store.db import PersonalStore


@cache
def personal_store() -> PersonalStore:
    """The store at `PERSONAL_DB_URL` (or var/personal.db); tests clear the cache between runs."""
    return PersonalStore()
