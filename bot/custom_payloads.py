"""The custom-payload contract between actions and bot/: what Rasa's plain fields cannot carry.

An action sends ``dispatcher.utter_message(json_message={...})``; Rasa's REST
channel hands it to bot/ as ``{"custom": {...}}``. Every payload has a ``kind``:

``photo``
    ``{"kind": "photo", "png_base64": "<base64 PNG>", "caption": "optional text"}``
    Sent as a Telegram photo (sendPhoto) with the caption (at most 1024 characters).
``document``
    ``{"kind": "document", "filename": "my-data.json", "mime": "application/json",
    "content_base64": "<base64>", "caption": "optional text"}``
    Sent as a file (sendDocument); the filename is reduced to letters, digits, ``.-_``.
``timer``
    ``{"kind": "timer", "text": "Breathe in and out slowly", "seconds": 60, "tick": 5,
    "done_text": "Well done."}``
    A paced step: one message shows the text and the seconds left, edited as they
    pass (never more often than every ``MIN_TICK_SECONDS``, Telegram's comfortable
    edit rate), and finally replaced by ``done_text``. Whatever follows the timer in
    the same reply is sent when it ends. A new message from the person ends it early
    (they moved on: "stop" must never wait for a countdown). The console prints the
    text and the done text plainly, without waiting.
``reminder`` / ``erase_conversation`` (and any later kind for bot/ itself)
    Handed to the hook registered for that kind (`bot.hooks`), e.g. the reminder
    scheduler; nothing is shown by bot/ for them. The action that sends one also
    sends the text the person reads ("I'll remind you at 9").

Rules that hold for every kind:
- base64 fields are at most ``MAX_BASE64_CHARS`` (5 MB); larger or malformed ones are
  dropped with a log line naming only the kind.
- An unknown kind, or a payload that fails its checks, never crashes the turn and is
  never shown raw. If nothing else in the turn can be shown, the person gets the
  fail-safe answer, so a reply is never silent.
"""

from __future__ import annotations

import base64
import binascii
import logging
import mimetypes
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Union

_LOGGER = logging.getLogger(__name__)

MAX_BASE64_CHARS = 5 * 1024 * 1024
MIN_TICK_SECONDS = 3
DEFAULT_TICK_SECONDS = 5
MAX_TIMER_SECONDS = 600
DEFAULT_DONE_TEXT = "Done."
HOOK_KINDS = frozenset({"reminder", "erase_conversation"})
_UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Photo:
    """A picture made by an action (a mood chart, say), as PNG bytes."""

    png: bytes = field(repr=False)
    caption: str = ""


@dataclass(frozen=True)
class Document:
    """A file for the person to keep (their data export, a plan)."""

    filename: str
    mime: str
    content: bytes = field(repr=False)
    caption: str = ""


@dataclass(frozen=True)
class Timer:
    """A paced step: `text` shown for `seconds`, updated every `tick`, then `done_text`."""

    text: str
    seconds: int
    tick: int = DEFAULT_TICK_SECONDS
    done_text: str = DEFAULT_DONE_TEXT


@dataclass(frozen=True)
class HookRequest:
    """A payload for bot/ itself (reminders, erasure), or of a kind nobody registered."""

    kind: str
    data: Mapping[str, Any] = field(repr=False)


CustomPayload = Union[Photo, Document, Timer, HookRequest]


def _decoded(value: Any) -> bytes | None:
    if not isinstance(value, str) or not value or len(value) > MAX_BASE64_CHARS:
        return None
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _whole(value: Any, default: int) -> int | None:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        return None
    return int(value)


def safe_filename(name: Any, fallback: str = "file") -> str:
    """A filename with no path and no odd characters; `fallback` if nothing is left."""
    base = _text(name).replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = _UNSAFE_FILENAME.sub("-", base).strip(".-")[:64]
    return cleaned or fallback


def _photo(data: Mapping[str, Any]) -> Photo | None:
    png = _decoded(data.get("png_base64"))
    return Photo(png, _text(data.get("caption"))) if png else None


def _document(data: Mapping[str, Any]) -> Document | None:
    content = _decoded(data.get("content_base64"))
    if not content:
        return None
    mime = _text(data.get("mime")) or "application/octet-stream"
    filename = safe_filename(data.get("filename"))
    if "." not in filename:
        # Telegram and the phone pick the app to open a file by its extension.
        filename += mimetypes.guess_extension(mime) or ""
    return Document(filename, mime, content, _text(data.get("caption")))


def _timer(data: Mapping[str, Any]) -> Timer | None:
    text = _text(data.get("text"))
    seconds = _whole(data.get("seconds"), 0)
    tick = _whole(data.get("tick"), DEFAULT_TICK_SECONDS)
    if not text or seconds is None or tick is None or not 0 < seconds <= MAX_TIMER_SECONDS:
        return None
    done = _text(data.get("done_text")) or DEFAULT_DONE_TEXT
    return Timer(text, seconds, max(tick, MIN_TICK_SECONDS), done)


_PARSERS = {"photo": _photo, "document": _document, "timer": _timer}


def parse_custom(raw: Any) -> CustomPayload | None:
    """The payload `raw` stands for, or None (logged by kind only) if it is unusable."""
    if not isinstance(raw, Mapping) or not isinstance(raw.get("kind"), str):
        _LOGGER.warning("custom payload without a kind dropped")
        return None
    kind = raw["kind"]
    parser = _PARSERS.get(kind)
    if parser is None:
        return HookRequest(kind, raw)
    payload = parser(raw)
    if payload is None:
        _LOGGER.warning("malformed %s payload dropped", kind)
    return payload
