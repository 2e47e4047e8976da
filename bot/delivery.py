"""Sending rendered messages to a chat, and the typing indicator while Rasa thinks.

This is where `bot.rendering`'s plain data becomes python-telegram-bot calls.
Keyboards register their long payloads in the token map just before they are
sent, so a token only ever exists for a button someone can press. Custom
payloads (`bot.custom_payloads`) become photos and documents, a paced step
(`bot.pacing`), or a call to a hook (`bot.hooks`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Sequence

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    LinkPreviewOptions,
)
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, TelegramError

from bot import texts
from bot.custom_payloads import Document, HookRequest, Photo, Timer
from bot.hooks import HookCall
from bot.pacing import run_timer
from bot.payloads import PayloadTokens
from bot.rendering import Keyboard, Outgoing, escape_html
from bot.services import Services
from bot.splitting import TELEGRAM_CAPTION_LIMIT, utf16_len

_LOGGER = logging.getLogger(__name__)

# Telegram shows "typing…" for about five seconds per chat action.
TYPING_REFRESH_SECONDS = 4.5
# How long an answer may wait for an in-flight typing request to finish.
TYPING_STOP_TIMEOUT_SECONDS = 2.0
_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def inline_markup(keyboard: Keyboard, payloads: PayloadTokens) -> InlineKeyboardMarkup | None:
    """The inline keyboard for `keyboard`, with long payloads swapped for tokens."""
    if not keyboard:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(button.title, callback_data=payloads.remember(button.payload))
                for button in row
            ]
            for row in keyboard
        ]
    )


async def _send_file(bot: Bot, chat_id: int, file: Photo | Document) -> None:
    """A photo or document from bytes; a caption too long for Telegram follows as text."""
    caption = file.caption if utf16_len(file.caption) <= TELEGRAM_CAPTION_LIMIT else ""
    options = {"caption": escape_html(caption) or None, "parse_mode": ParseMode.HTML}
    try:
        if isinstance(file, Photo):
            await bot.send_photo(chat_id, InputFile(file.png, filename="picture.png"), **options)
        else:
            document = InputFile(file.content, filename=file.filename)
            await bot.send_document(chat_id, document, **options)
    except BadRequest as exc:
        _LOGGER.warning("file refused by Telegram (%s)", type(exc).__name__)
        await bot.send_message(chat_id, escape_html(texts.FILE_NOT_SENT))
    if file.caption and not caption:
        await bot.send_message(chat_id, escape_html(file.caption), parse_mode=ParseMode.HTML)


async def _paced(
    bot: Bot,
    chat_id: int,
    timer: Timer,
    after: Sequence[Outgoing],
    services: Services,
    sender: str | None,
) -> None:
    await run_timer(bot, chat_id, timer)
    await send_outgoing(bot, chat_id, after, services, sender)


async def send_outgoing(
    bot: Bot,
    chat_id: int,
    messages: Sequence[Outgoing],
    services: Services,
    sender: str | None = None,
) -> None:
    """Send `messages` in order; a photo Telegram refuses is sent as its caption instead.

    Hook payloads go to their hooks first, wherever they are in the reply, so that
    a reminder is set even if the person interrupts a timer before it. A timer
    hands itself and everything after it to the chat's pacer, and returns.
    `sender` (the pseudonym) is what hooks are told the person is known by.
    """
    for message in messages:
        if isinstance(hook := message.custom, HookRequest):
            call = HookCall(hook.kind, hook.data, chat_id, sender or "", bot)
            await services.hooks.dispatch(call)
    shown = [message for message in messages if message.visible]
    for index, message in enumerate(shown):
        custom = message.custom
        if isinstance(custom, Timer):
            rest = shown[index + 1 :]
            services.pacer.start(chat_id, _paced(bot, chat_id, custom, rest, services, sender))
            return
        if isinstance(custom, (Photo, Document)):
            await _send_file(bot, chat_id, custom)
            continue
        markup = inline_markup(message.keyboard, services.payloads)
        if message.kind == "photo" and message.photo_url:
            try:
                await bot.send_photo(
                    chat_id,
                    photo=message.photo_url,
                    caption=message.html or None,
                    parse_mode=ParseMode.HTML,
                    reply_markup=markup,
                )
                continue
            except BadRequest as exc:
                _LOGGER.warning("photo refused by Telegram (%s); sending text", type(exc).__name__)
                fallback = message.html or escape_html(message.photo_url)
                message = Outgoing("text", fallback, message.keyboard)
        await bot.send_message(
            chat_id,
            message.html,
            parse_mode=ParseMode.HTML,
            reply_markup=markup,
            link_preview_options=_NO_PREVIEW,
        )


async def _keep_typing(bot: Bot, chat_id: int, done: asyncio.Event) -> None:
    while not done.is_set():
        try:
            await bot.send_chat_action(chat_id, ChatAction.TYPING)
        except TelegramError as exc:
            # Only cosmetic: never let the indicator stop the answer.
            _LOGGER.debug("typing indicator failed (%s)", type(exc).__name__)
            return
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(done.wait(), TYPING_REFRESH_SECONDS)


@contextlib.asynccontextmanager
async def typing(bot: Bot, chat_id: int) -> AsyncIterator[None]:
    """Show "typing…" in the chat for as long as the block runs.

    The loop is ended by an event as well as by cancelling it, because a
    cancellation that lands inside an HTTP request can be absorbed by the
    client library; waiting for the loop to end means no stray "typing…"
    shows up after the answer.
    """
    done = asyncio.Event()
    task = asyncio.create_task(_keep_typing(bot, chat_id, done))
    try:
        yield
    finally:
        done.set()
        task.cancel()
        await asyncio.wait({task}, timeout=TYPING_STOP_TIMEOUT_SECONDS)
