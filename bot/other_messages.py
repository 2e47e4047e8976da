"""Everything that is not plain text or a command: media, locations, edits, group chats.

Each gets a kind, specific answer. A location is the one kind bot/ can use: it
goes to Rasa as the ``share_location`` intent (for place search), rounded to a
town's precision. Words in a caption are read as text, so crisis language in a
photo caption is never missed.
"""

from __future__ import annotations

from telegram import Message, Update
from telegram.ext import ContextTypes

from bot import texts
from bot.conversation import say
from bot.inbound import location_intent
from bot.services import services_of
from bot.turns import chat_id_of, intent_turn, text_turn

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


def message_kind(message: Message) -> str:
    """Which kind of non-text message this is, as a key of `texts.NOT_TEXT`."""
    return next((kind for kind in _MEDIA_KINDS if getattr(message, kind, None)), "other")


async def non_text_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, photos, voice and the rest: a kind answer; any caption is read as text."""
    message = update.effective_message
    assert message is not None
    services = services_of(context)
    location = message.location
    intent = location_intent(location.latitude, location.longitude) if location else None
    if intent is not None:
        await intent_turn(update, context, intent, {"location": True})
        return
    if message.caption and message.caption.strip():
        await text_turn(update, context, message.caption)
        await say(context.bot, services, chat_id_of(update), texts.CAPTION_READ)
        return
    await say(context.bot, services, chat_id_of(update), texts.NOT_TEXT[message_kind(message)])


async def edited_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An edit of an earlier message: the new words are read as a new message.

    Rasa has already answered the old version, so the person is told why a
    second answer comes. A live location also arrives as a stream of edits:
    those are not answered, or the chat would fill with replies.
    """
    message = update.effective_message
    assert message is not None
    words = message.text or message.caption
    if message.location is not None or not (words and words.strip()):
        return
    await say(context.bot, services_of(context), chat_id_of(update), texts.EDITED_READ)
    await text_turn(update, context, words)


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
        await say(context.bot, services_of(context), chat_id_of(update), texts.GROUP_CHAT)
