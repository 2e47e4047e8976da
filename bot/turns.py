"""The two ways an update becomes a Rasa turn: words the person wrote, or an intent.

Shared by the command, text and other-message handlers, so that every route to
Rasa cleans and caps text the same way and carries the right fail-safe.
"""

from __future__ import annotations

from functools import partial

from telegram import Update
from telegram.ext import ContextTypes

from bot import texts
from bot.conversation import Failsafe, say, take_turn
from bot.inbound import prepare_text
from bot.safety_bridge import failsafe_messages
from bot.services import services_of


def chat_id_of(update: Update) -> int:
    """The chat to answer in: in a private chat its id is the user's id."""
    chat = update.effective_chat
    if chat is not None:
        return chat.id
    assert update.effective_user is not None
    return update.effective_user.id


async def text_turn(update: Update, context: ContextTypes.DEFAULT_TYPE, raw: str) -> None:
    """Words the person wrote, to Rasa; the fail-safe reads all of them, uncut."""
    services = services_of(context)
    chat_id = chat_id_of(update)
    prepared = prepare_text(raw)
    if not prepared.text:
        await say(context.bot, services, chat_id, texts.EMPTY_TEXT)
        return
    assert update.effective_user is not None
    await take_turn(
        context.bot,
        services,
        chat_id,
        update.effective_user.id,
        prepared.text,
        failsafe=partial(failsafe_messages, raw),
        metadata={"truncated": True} if prepared.truncated else None,
    )
    if prepared.truncated:
        await say(context.bot, services, chat_id, texts.TRUNCATED)


async def intent_turn(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    intent: str,
    metadata: dict | None = None,
    failsafe: Failsafe | None = None,
) -> None:
    """An intent bot/ chose (a command, a shared location), with the general fail-safe
    unless the command has its own (/privacy)."""
    assert update.effective_user is not None
    await take_turn(
        context.bot,
        services_of(context),
        chat_id_of(update),
        update.effective_user.id,
        intent,
        failsafe=failsafe or partial(failsafe_messages, None),
        metadata=metadata,
    )
