"""The wire format of the fake Bot API: decoding requests, recording calls, error replies.

Kept apart from the server in `fake_telegram` so each stays small: this module
knows how python-telegram-bot encodes parameters and how Telegram answers
errors (including ``retry_after`` for flood control).
"""

from __future__ import annotations

import html
import json
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

# Parameters python-telegram-bot sends JSON-encoded in form bodies; every other
# value (text, caption, parse_mode...) is a plain string and must stay one.
_JSON_PARAMS = frozenset(
    {
        "chat_id",
        "message_id",
        "reply_markup",
        "commands",
        "allowed_updates",
        "offset",
        "limit",
        "timeout",
        "show_alert",
        "cache_time",
        "link_preview_options",
        "reply_parameters",
        "entities",
        "caption_entities",
        "disable_notification",
        "protect_content",
        "drop_pending_updates",
        "max_connections",
        "scope",
        "disable_web_page_preview",
        "message_thread_id",
        "has_spoiler",
    }
)
SENDING_METHODS = frozenset({"sendmessage", "sendphoto", "senddocument"})
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Call:
    """One request the bot made: the Bot API method and its decoded parameters."""

    method: str
    params: Mapping[str, Any]
    at: float = field(default_factory=time.monotonic)

    @property
    def name(self) -> str:
        """The method name in lower case (Telegram treats names case-insensitively)."""
        return self.method.lower()

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return (
            int(value)
            if isinstance(value, (int, str)) and str(value).lstrip("-").isdigit()
            else None
        )

    @property
    def text(self) -> str | None:
        """The text or caption as sent (HTML when parse_mode is HTML)."""
        return self.params.get("text", self.params.get("caption"))

    @property
    def plain_text(self) -> str | None:
        """The text as the person would read it: tags removed and entities unescaped."""
        text = self.text
        if text is None:
            return None
        if self.params.get("parse_mode") == "HTML":
            return html.unescape(_TAG.sub("", text))
        return text

    @property
    def keyboard(self) -> list[list[dict[str, Any]]] | None:
        """The inline keyboard rows as sent, or None."""
        markup = self.params.get("reply_markup")
        if isinstance(markup, Mapping):
            return markup.get("inline_keyboard")
        return None

    @property
    def button_titles(self) -> list[list[str]]:
        return [[button["text"] for button in row] for row in self.keyboard or []]


@dataclass(frozen=True)
class Upload:
    """A file the bot uploaded (a photo or document made from bytes)."""

    filename: str
    content_type: str
    data: bytes = field(repr=False)

    @classmethod
    def of(cls, part: Any) -> Upload:
        return cls(part.filename, part.content_type, part.file.read())


class ApiError(Exception):
    """An error answer from the Bot API; `retry_after` is set for flood control (429)."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after


def error_response(code: int, description: str, retry_after: int | None = None) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return web.json_response(body, status=code)


def plain(text: str, params: Mapping[str, Any]) -> str:
    """What Telegram stores as the message text after parsing HTML."""
    return html.unescape(_TAG.sub("", text)) if params.get("parse_mode") == "HTML" else text


async def decode_params(request: web.Request) -> dict[str, Any]:
    """Parameters from a query string, a JSON body or a (multipart) form body."""
    params: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json":
        body = await request.json() if request.can_read_body else {}
        params.update(body or {})
        return params
    if request.can_read_body:
        form = await request.post()
        for key, value in form.items():
            params[key] = value if isinstance(value, str) else Upload.of(value)
    for key in _JSON_PARAMS & params.keys():
        if isinstance(params[key], str):
            try:
                params[key] = json.loads(params[key])
            except ValueError:
                pass
    return params
