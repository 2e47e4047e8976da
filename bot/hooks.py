"""Where custom payloads meant for bot/ itself go: reminders, erasure, later kinds.

The reminder scheduler (``bot/reminders.py``) and anything else that must act
in bot/ when an action asks for it registers one handler per kind, from the
Application's start-up::

    services_of(application).hooks.register("reminder", schedule_reminder)

    async def schedule_reminder(call: HookCall) -> None:
        call.data["action"], call.data["schedule"]   # the payload as the action sent it
        call.chat_id, call.sender, call.bot          # where to reach the person, and as whom

A kind with no handler is logged as "unhandled custom kind" (its name only if it
is one of the documented kinds, never the payload) and skipped. A handler that
raises is logged by exception type and skipped: the person still gets the rest
of the reply. Handlers run inside the turn, in the order the payloads arrive,
before the reply's messages are sent (so a timer in the same reply, interrupted
by the person, cannot cost a reminder).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.custom_payloads import HOOK_KINDS

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True)
class HookCall:
    """One payload for a hook, and who it concerns."""

    kind: str
    data: Mapping[str, Any] = field(repr=False)
    chat_id: int | None = field(repr=False)  # None in the console: there is no chat to reach
    sender: str = field(repr=False)  # the pseudonym Rasa knows the person by
    bot: Any = field(default=None, repr=False)  # telegram.Bot, or None in the console


Hook = Callable[[HookCall], Awaitable[None]]


class Hooks:
    """Handlers by custom-payload kind; dispatch never raises."""

    def __init__(self) -> None:
        self._hooks: dict[str, Hook] = {}

    def register(self, kind: str, hook: Hook) -> None:
        """Handle payloads of `kind` with `hook` (one handler per kind)."""
        if kind in self._hooks:
            raise ValueError(f"a hook for {kind!r} is already registered")
        self._hooks[kind] = hook

    def handles(self, kind: str) -> bool:
        return kind in self._hooks

    async def dispatch(self, call: HookCall) -> bool:
        """Run the hook for `call.kind`; False when none ran to completion."""
        name = call.kind if call.kind in HOOK_KINDS else "unknown"
        hook = self._hooks.get(call.kind)
        if hook is None:
            _LOGGER.warning("unhandled custom kind: %s", name)
            return False
        try:
            await hook(call)
        except Exception as exc:  # noqa: BLE001 - a failing hook must not cost the reply
            _LOGGER.error("custom kind %s hook failed: %s", name, type(exc).__name__)
            return False
        return True
