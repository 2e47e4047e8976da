"""Telegram handlers: each one works out what the person did and hands it on.

The decisions live elsewhere (bot.inbound, bot.rendering, bot.conversation,
bot.safety_bridge); here each update is routed, and every route ends in an
answer. Telegram ids are used only to reply and to make the pseudonym; no
handler logs what anyone wrote.
"""

from __future__ import annotations

import logging
from functools import partial

from telegram import Message, Update
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
from bot.inbound import (
    COMMAND_INTENTS,
    SOS_COMMANDS,
    deep_link_parameter,
    prepare_text,
    split_command,
)
from bot.safety_bridge import failsafe_for_payload, failsafe_messages, in_thread, sos_messages
from bot.services import services_of

_LOGGER = logging.getLogger(__name__)

# Checked in this order: an animation also carries a document, a venue a location.
_MEDIA_KINDS = (
    "sticker",
    "animation",
    "photo",
    "voice",
    "video_note",
    "video",
    "audio",
    "document",
    "venue",
    "location",
    "contact",
    "poll",
    "dice",
)


def _chat_id(update: Update) -> int:
    """The chat to answer in: in a private chat its id is the user's id."""
    chat = update.effective_chat
    if chat is not None:
        return chat.id
    assert update.effective_user is not None
    return update.effective_user.id


async def _text_turn(update: Update, context: ContextTypes.DEFAULT_TYPE, raw: str) -> None:
    """Words the person wrote, to Rasa; the fail-safe reads all of them, uncut."""
    services = services_of(context)
    chat_id = _chat_id(update)
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


async def _intent_turn(
    update: Update, context: ContextTypes.DEFAULT_TYPE, intent: str, metadata: dict | None = None
) -> None:
    assert update.effective_user is not None
    await take_turn(
        context.bot,
        services_of(context),
        _chat_id(update),
        update.effective_user.id,
        intent,
        failsafe=partial(failsafe_messages, None),
        metadata=metadata,
    )


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start, possibly from a t.me link with a parameter, which Rasa gets as metadata."""
    parameter = deep_link_parameter(context.args)
    await _intent_turn(
        update,
        context,
        COMMAND_INTENTS["start"],
        {"start_parameter": parameter} if parameter else None,
    )


async def rasa_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/menu, /help, /stop: the command's intent, or the words after it if there are any.

    "/help I can't cope" is answered as the words, so that the NLU and the crisis
    detector read what the person wrote instead of a canned help text.
    """
    message = update.effective_message
    assert message is not None and message.text is not None
    parsed = split_command(message.text)
    assert parsed is not None, "CommandHandler only calls this for commands"
    name, words = parsed
    if words:
        await _text_turn(update, context, words)
        return
    await _intent_turn(update, context, COMMAND_INTENTS[name])


async def sos(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/sos and /crisis: answered here from the safety data, so they work with Rasa down."""
    services = services_of(context)
    messages = await in_thread(sos_messages, services.clock())
    await say(context.bot, services, _chat_id(update), *messages)


async def text_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None and message.text is not None
    await _text_turn(update, context, message.text)


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command we do not know: words after it still reach Rasa, else a kind pointer."""
    message = update.effective_message
    assert message is not None and message.text is not None
    parsed = split_command(message.text)
    if parsed is not None and parsed[1]:
        await _text_turn(update, context, message.text)
        return
    await say(context.bot, services_of(context), _chat_id(update), texts.UNKNOWN_COMMAND)


def message_kind(message: Message) -> str:
    """Which kind of non-text message this is, as a key of `texts.NOT_TEXT`."""
    return next((kind for kind in _MEDIA_KINDS if getattr(message, kind, None)), "other")


async def non_text_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, photos, voice and the rest: a kind answer; any caption is read as text."""
    message = update.effective_message
    assert message is not None
    services = services_of(context)
    if message.caption and message.caption.strip():
        await _text_turn(update, context, message.caption)
        await say(context.bot, services, _chat_id(update), texts.CAPTION_READ)
        return
    await say(context.bot, services, _chat_id(update), texts.NOT_TEXT[message_kind(message)])


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
        await say(context.bot, services, _chat_id(update), texts.EXPIRED_BUTTON)
        return
    await take_turn(
        context.bot,
        services,
        _chat_id(update),
        update.effective_user.id,
        payload,
        failsafe=partial(failsafe_for_payload, payload),
        metadata={"button": True},
    )


def _addressed_to_bot(message: Message, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """In a group, only answer what was meant for the bot, so a group is not flooded."""
    bot = context.bot
    if any(member.id == bot.id for member in message.new_chat_members or ()):
        return True
    if message.reply_to_message is not None and message.reply_to_message.from_user is not None:
        if message.reply_to_message.from_user.id == bot.id:
            return True
    text = (message.text or message.caption or "").lower()
    mention = f"@{bot.username}".lower() if bot.username else None
    if text.startswith("/"):
        # "/start@SomeOtherBot" is for another bot in the group.
        command = text.split(maxsplit=1)[0]
        return "@" not in command or (mention is not None and command.endswith(mention))
    return mention is not None and mention in text


async def group_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Groups and channels are not served: what people share here stays one to one."""
    message = update.effective_message
    if message is not None and _addressed_to_bot(message, context):
        await say(context.bot, services_of(context), _chat_id(update), texts.GROUP_CHAT)


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
