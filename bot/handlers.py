"""Telegram handlers: each one works out what the person did and hands it on.

The decisions live elsewhere (bot.inbound, bot.rendering, bot.conversation,
bot.safety_bridge); here each update is routed, and every route ends in an
answer. Telegram ids are used only to reply and to make the pseudonym; no
handler logs what anyone wrote.
"""

from __future__ import annotations

import logging
from functools import partial

from telegram import Update
from telegram.constants import ChatType
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot import texts
from bot.conversation import say, take_turn
from bot.inbound import COMMAND_INTENTS, SOS_COMMANDS, deep_link_parameter, split_command
from bot.other_messages import edited_message, group_message, non_text_message
from bot.safety_bridge import (
    command_failsafe,
    failsafe_for_payload,
    failsafe_messages,
    in_thread,
    sos_messages,
)
from bot.services import services_of
from bot.turns import chat_id_of, intent_turn, text_turn

_LOGGER = logging.getLogger(__name__)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start, possibly from a t.me link with a parameter, which Rasa gets as metadata."""
    parameter = deep_link_parameter(context.args)
    await intent_turn(
        update,
        context,
        COMMAND_INTENTS["start"],
        {"start_parameter": parameter} if parameter else None,
    )


async def rasa_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/menu, /help, /privacy...: the command's intent, or the words after it if there are any.

    "/help I can't cope" is answered as the words, so that the NLU and the crisis
    detector read what the person wrote instead of a canned help text.
    """
    message = update.effective_message
    assert message is not None and message.text is not None
    parsed = split_command(message.text)
    assert parsed is not None, "CommandHandler only calls this for commands"
    name, words = parsed
    if words:
        await text_turn(update, context, words)
        return
    failsafe = command_failsafe(name, services_of(context).retention)
    await intent_turn(update, context, COMMAND_INTENTS[name], failsafe=failsafe)


async def sos(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/sos and /crisis: answered here from the safety data, so they work with Rasa down."""
    services = services_of(context)
    messages = await in_thread(sos_messages, services.clock())
    await say(context.bot, services, chat_id_of(update), *messages)


async def text_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None and message.text is not None
    await text_turn(update, context, message.text)


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command we do not know: words after it still reach Rasa, else a kind pointer."""
    message = update.effective_message
    assert message is not None and message.text is not None
    parsed = split_command(message.text)
    if parsed is not None and parsed[1]:
        await text_turn(update, context, message.text)
        return
    await say(context.bot, services_of(context), chat_id_of(update), texts.UNKNOWN_COMMAND)


async def button_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A keyboard button: always answer the query, retire the keyboard, send the payload."""
    query = update.callback_query
    assert query is not None and update.effective_user is not None
    services = services_of(context)
    chat = update.effective_chat
    private = chat is None or chat.type == ChatType.PRIVATE
    message = query.message
    # A quick double tap sends two queries before the keyboard disappears: one counts.
    first = message is None or services.pressed.first_time((message.chat.id, message.message_id))
    if not private:
        notice: str | None = texts.GROUP_CHAT_SHORT
    else:
        notice = None if first else texts.ALREADY_PRESSED
    try:
        await query.answer(text=notice)
    except TelegramError as exc:
        _LOGGER.info("could not answer a callback query (%s)", type(exc).__name__)
    if not private or not first or query.data is None:
        return
    if message is not None and message.is_accessible:
        try:
            await query.edit_message_reply_markup(reply_markup=None)
        except BadRequest as exc:
            _LOGGER.info("could not remove a used keyboard (%s)", type(exc).__name__)
    payload = services.payloads.resolve(query.data)
    if payload is None:
        await say(context.bot, services, chat_id_of(update), texts.EXPIRED_BUTTON)
        return
    await take_turn(
        context.bot,
        services,
        chat_id_of(update),
        update.effective_user.id,
        payload,
        failsafe=partial(failsafe_for_payload, payload),
        metadata={"button": True},
    )


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the exception type only (never the update), and answer if a bug cut a turn short."""
    error = context.error
    _LOGGER.error("error while handling an update: %s", type(error).__name__)
    if isinstance(error, TelegramError) or not isinstance(update, Update):
        return
    chat = update.effective_chat
    if chat is None or chat.type != ChatType.PRIVATE:
        return
    # Only what the person wrote is read, never the bot's own message under a button.
    written = update.message or update.edited_message
    text = written.text if written is not None else None
    services = services_of(context)
    try:
        messages = await in_thread(partial(failsafe_messages, text), services.clock())
        await say(context.bot, services, chat.id, *messages)
    except Exception as exc:  # noqa: BLE001 - nothing more can be done; already logged once
        _LOGGER.error("could not send the fail-safe after an error: %s", type(exc).__name__)


def register(application: Application) -> None:
    """Add every handler, most specific first, and the error handler."""
    private = filters.ChatType.PRIVATE
    not_private = ~private & ~filters.UpdateType.CHANNEL_POSTS
    application.add_handler(MessageHandler(not_private, group_message))
    edited = private & filters.UpdateType.EDITED_MESSAGE
    application.add_handler(MessageHandler(edited, edited_message))
    application.add_handler(CallbackQueryHandler(button_pressed))
    application.add_handler(CommandHandler("start", start, filters=private))
    rasa_commands = [name for name in COMMAND_INTENTS if name != "start"]
    application.add_handler(CommandHandler(rasa_commands, rasa_command, filters=private))
    application.add_handler(CommandHandler(list(SOS_COMMANDS), sos, filters=private))
    application.add_handler(MessageHandler(private & filters.COMMAND, unknown_command))
    application.add_handler(MessageHandler(private & filters.TEXT, text_message))
    application.add_handler(
        MessageHandler(private & ~filters.TEXT & ~filters.StatusUpdate.ALL, non_text_message)
    )
    application.add_error_handler(on_error)
