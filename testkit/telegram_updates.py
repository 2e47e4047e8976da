"""Factories for Telegram Update dicts, as the Bot API would deliver them.

Feed them to `FakeTelegram.feed`. Commands get the ``bot_command`` entity that
Telegram adds, since python-telegram-bot recognises commands by it.
"""

from __future__ import annotations

import itertools
import re
import time
from typing import Any

# Incoming message ids well above the fake's own, so the two never collide.
_message_ids = itertools.count(1_000_000)
_callback_ids = itertools.count(1)
_COMMAND = re.compile(r"^/[A-Za-z0-9_]+(@\w+)?")


def user(user_id: int, first_name: str = "Alex") -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "en"}


def private_chat(user_id: int, first_name: str = "Alex") -> dict[str, Any]:
    return {"id": user_id, "type": "private", "first_name": first_name}


def group_chat(chat_id: int = -100123, title: str = "Peer support group") -> dict[str, Any]:
    return {
        "id": chat_id,
        "type": "supergroup" if chat_id < -1_000_000_000 else "group",
        "title": title,
    }


def message(user_id: int, chat: dict[str, Any] | None = None, **content: Any) -> dict[str, Any]:
    """A Message dict from `user_id` in `chat` (their private chat by default)."""
    return {
        "message_id": next(_message_ids),
        "date": int(time.time()),
        "chat": chat or private_chat(user_id),
        "from": user(user_id),
        **content,
    }


def message_update(user_id: int, chat: dict[str, Any] | None = None, **content: Any) -> dict:
    return {"message": message(user_id, chat, **content)}


def text_update(user_id: int, text: str, chat: dict[str, Any] | None = None) -> dict[str, Any]:
    """A text message; a leading /command gets its bot_command entity, as Telegram does."""
    content: dict[str, Any] = {"text": text}
    match = _COMMAND.match(text)
    if match:
        content["entities"] = [{"type": "bot_command", "offset": 0, "length": match.end()}]
    return message_update(user_id, chat, **content)


def command_update(user_id: int, command: str, args: str = "", **kwargs: Any) -> dict[str, Any]:
    """/command (with optional arguments, e.g. a deep-link parameter)."""
    text = f"/{command.lstrip('/')}" + (f" {args}" if args else "")
    return text_update(user_id, text, **kwargs)


def edited_text_update(user_id: int, text: str) -> dict[str, Any]:
    edited = message(user_id, text=text, edit_date=int(time.time()))
    return {"edited_message": edited}


def callback_update(user_id: int, data: str, pressed: dict[str, Any] | None) -> dict[str, Any]:
    """A press on a button whose callback data is `data`, on the bot's message `pressed`."""
    query: dict[str, Any] = {
        "id": str(next(_callback_ids)),
        "from": user(user_id),
        "chat_instance": f"instance-{user_id}",
        "data": data,
    }
    if pressed is not None:
        query["message"] = pressed
    return {"callback_query": query}


def sticker_update(user_id: int) -> dict[str, Any]:
    sticker = {
        "file_id": "sticker-id",
        "file_unique_id": "sticker-u",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "emoji": "🙂",
    }
    return message_update(user_id, sticker=sticker)


def photo_update(user_id: int, caption: str | None = None) -> dict[str, Any]:
    sizes = [{"file_id": "photo-id", "file_unique_id": "photo-u", "width": 90, "height": 90}]
    extra = {"caption": caption} if caption else {}
    return message_update(user_id, photo=sizes, **extra)


def voice_update(user_id: int) -> dict[str, Any]:
    voice = {"file_id": "voice-id", "file_unique_id": "voice-u", "duration": 3}
    return message_update(user_id, voice=voice)


def video_update(user_id: int) -> dict[str, Any]:
    video = {
        "file_id": "video-id",
        "file_unique_id": "video-u",
        "width": 10,
        "height": 10,
        "duration": 3,
    }
    return message_update(user_id, video=video)


def document_update(user_id: int, caption: str | None = None) -> dict[str, Any]:
    document = {"file_id": "doc-id", "file_unique_id": "doc-u", "file_name": "notes.pdf"}
    extra = {"caption": caption} if caption else {}
    return message_update(user_id, document=document, **extra)


def location_update(
    user_id: int, latitude: float = 55.953252, longitude: float = -3.188267
) -> dict[str, Any]:
    return message_update(user_id, location={"latitude": latitude, "longitude": longitude})


def edited_location_update(user_id: int) -> dict[str, Any]:
    """A live location moving: Telegram sends each new position as an edit."""
    where = {"latitude": 55.9, "longitude": -3.2, "live_period": 900}
    return {"edited_message": message(user_id, location=where, edit_date=int(time.time()))}


def contact_update(user_id: int) -> dict[str, Any]:
    contact = {"phone_number": "+440000000000", "first_name": "Sam"}
    return message_update(user_id, contact=contact)
