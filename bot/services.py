"""What the handlers need besides Telegram, kept in one object in ``bot_data``.

Handlers reach their collaborators through this object instead of module
globals, so tests can swap the clock or the Rasa client without patching.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import partial

from telegram.ext import Application, ContextTypes

from bot.hooks import HookCall, Hooks
from bot.pacing import Pacer
from bot.payloads import PayloadTokens, RecentKeys
from bot.pseudonym import Pseudonymizer
from bot.rasa_client import RasaClient
from bot.reminders import Reminders
from bot.retention import RetentionTask, job_from_settings
from bot.settings import Settings
from personal.privacy import Retention

SERVICES_KEY = "bot.services"


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class Services:
    """The Rasa client, pseudonyms, long payloads, keyboards already used, the clock,
    the hooks for custom payloads meant for bot/, and the paced steps running now."""

    rasa: RasaClient
    pseudonymize: Callable[[int], str]
    payloads: PayloadTokens = field(default_factory=PayloadTokens)
    pressed: RecentKeys = field(default_factory=RecentKeys)
    clock: Callable[[], datetime] = utc_now
    reminders: Reminders | None = None  # check-in reminders and erasure (bot/reminders.py)
    hooks: Hooks = field(default_factory=Hooks)
    pacer: Pacer = field(default_factory=Pacer)
    retention: Retention = field(default_factory=Retention)  # what /privacy says when Rasa is down
    pruning: RetentionTask | None = None  # the daily retention job (bot/retention.py)

    def __post_init__(self) -> None:
        if self.reminders is not None:
            # Reminders.after_turn acts on these in ask_rasa, where it has the whole reply
            # and can add a notice to it; delivery only needs to know they are handled.
            for kind in ("reminder", "erase_conversation"):
                self.hooks.register(kind, _handled_in_the_turn)

    @classmethod
    def from_settings(cls, settings: Settings) -> Services:
        reminders = Reminders.from_settings(settings)
        pruning = None
        if settings.tracker_db_url and settings.personal_db_url:
            pruning = RetentionTask(partial(job_from_settings, settings, reminders.book))
        return cls(
            rasa=RasaClient(settings.rasa_url, settings.rasa_timeout_seconds),
            pseudonymize=Pseudonymizer(settings.pseudonym_key),
            reminders=reminders,
            retention=settings.retention,
            pruning=pruning,
        )


async def _handled_in_the_turn(_call: HookCall) -> None:
    """Nothing left to do at delivery: see `Services.__post_init__`."""


def services_of(context: ContextTypes.DEFAULT_TYPE | Application) -> Services:
    """The Services object stored by `bot.app.build_application`."""
    return context.bot_data[SERVICES_KEY]
