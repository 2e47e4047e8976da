"""Configuration of the action server process, read from the environment when first needed.

Read on first use rather than at import: the action server imports every module at
start, and tests point the variables elsewhere before the first call.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from common.db_urls import database_url
from personal.privacy import Retention, retention_from_env


@dataclass(frozen=True)
class ActionSettings:
    """What the actions need to find: the personal store and Rasa's own API."""

    personal_db_url: str  # PERSONAL_DB_URL, else var/personal.db
    rasa_url: str | None  # RASA_URL: where to read a whole saved conversation for export
    retention: Retention  # CONVERSATION_RETENTION_DAYS, PERSONAL_RETENTION_DAYS: what is said

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> ActionSettings:
        env = os.environ if env is None else env
        return cls(
            personal_db_url=database_url("PERSONAL_DB_URL", "personal.db", env),
            rasa_url=env.get("RASA_URL") or None,
            retention=retention_from_env(env),
        )
