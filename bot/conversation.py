"""One turn: a message to Rasa, its answer to the chat, or the fail-safe if Rasa cannot answer.

Every path that talks to Rasa goes through `take_turn`, so the fail-safe can
never be forgotten by a new handler: whatever goes wrong with Rasa, the person
gets an answer, and crisis language gets the crisis contacts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from telegram import Bot

from bot.delivery import send_outgoing, typing
from bot.rasa_client import RasaUnavailable
from bot.rendering import Outgoing, render_plain_messages, render_telegram
from bot.safety_bridge import in_thread
from bot.services import Services

_LOGGER = logging.getLogger(__name__)

Failsafe = Callable[[datetime], tuple[str, ...]]

CHANNEL = "telegram"


async def ask_rasa(
    services: Services,
    user_id: int,
    message: str,
    metadata: Mapping[str, Any],
    failsafe: Failsafe,
    chat_id: int | None = None,
) -> list[Outgoing]:
    """Rasa's answer rendered for Telegram, or the fail-safe messages.

    A reply with nothing the person can see (only hook payloads or unusable
    custom payloads, say) counts as no answer: the person must never be left
    without a reply. Hook payloads in it are still delivered.
    """
    sender = services.pseudonymize(user_id)
    outgoing: list[Outgoing] = []
    try:
        replies = await services.rasa.send(sender, message, {"channel": CHANNEL, **metadata})
        notices: list[str] = []
        if services.reminders is not None and chat_id is not None:
            # Before rendering: an export in the reply is completed with bot/'s own row.
            now = services.clock()
            notices = await services.reminders.after_turn(sender, chat_id, replies, now)
        outgoing = render_telegram(replies) + render_plain_messages(notices)
        if not any(item.visible for item in outgoing):
            raise RasaUnavailable("nothing in the reply can be shown")
        return outgoing
    except RasaUnavailable as exc:
        _LOGGER.warning("Rasa unavailable (%s): answering from the fail-safe", exc.reason)
        failsafe_texts = await in_thread(failsafe, services.clock())
        return outgoing + render_plain_messages(failsafe_texts)


async def take_turn(
    bot: Bot,
    services: Services,
    chat_id: int,
    user_id: int,
    message: str,
    failsafe: Failsafe,
    metadata: Mapping[str, Any] | None = None,
) -> None:
    """Send `message` to Rasa as `user_id`'s pseudonym and deliver the answer to `chat_id`.

    A paced step still counting down in this chat is ended first: the person
    has moved on, and their new message must not wait for it.
    """
    await services.pacer.stop(chat_id)
    async with typing(bot, chat_id):
        outgoing = await ask_rasa(services, user_id, message, metadata or {}, failsafe, chat_id)
    await send_outgoing(bot, chat_id, outgoing, services, services.pseudonymize(user_id))


async def say(bot: Bot, services: Services, chat_id: int, *texts: str) -> None:
    """Send bot/'s own plain texts (escaped, split if long)."""
    await send_outgoing(bot, chat_id, render_plain_messages(texts), services)
