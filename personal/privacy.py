"""What the companion promises about privacy, and the retention limits those promises name.

The words live in `data/privacy/notice.yml`; the numbers come from the environment
(`CONVERSATION_RETENTION_DAYS`, `PERSONAL_RETENTION_DAYS`), read by `retention_from_env`, the
one parser both processes use (bot/settings.py for bot/, actions/settings.py for the
action server), so the days a person is told are the days the pruning job uses.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

NOTICE_FILE = Path(__file__).resolve().parent.parent / "data" / "privacy" / "notice.yml"

DEFAULT_CONVERSATION_DAYS = 30
DEFAULT_PERSONAL_DAYS = 365
# The person is told this many days before their records go (if bot/ can reach them).
NOTICE_DAYS_BEFORE = 7
MAX_DAYS = 3650


@dataclass(frozen=True)
class Retention:
    """How long untouched conversations and personal records are kept, in days."""

    conversation_days: int = DEFAULT_CONVERSATION_DAYS  # CONVERSATION_RETENTION_DAYS
    personal_days: int = DEFAULT_PERSONAL_DAYS  # PERSONAL_RETENTION_DAYS


def _days(env: Mapping[str, str], name: str, default: int, minimum: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not minimum <= int(raw) <= MAX_DAYS:
        raise ValueError(f"{name} must be a whole number of days from {minimum} to {MAX_DAYS}")
    return int(raw)


def retention_from_env(env: Mapping[str, str] | None = None) -> Retention:
    """The configured limits; ValueError naming the variable when one is malformed.

    Personal records must outlive the week's notice, so they are kept at least 8 days.
    """
    env = os.environ if env is None else env
    return Retention(
        conversation_days=_days(env, "CONVERSATION_RETENTION_DAYS", DEFAULT_CONVERSATION_DAYS, 1),
        personal_days=_days(env, "PERSONAL_RETENTION_DAYS", DEFAULT_PERSONAL_DAYS,
                            NOTICE_DAYS_BEFORE + 1),
    )


@cache
def _texts() -> dict[str, str]:
    with NOTICE_FILE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def privacy_notice(retention: Retention) -> str:
    """The answer to "is this private" and /privacy, with the configured limits."""
    return _texts()["notice"].format(
        conversation_days=retention.conversation_days, personal_days=retention.personal_days
    )
