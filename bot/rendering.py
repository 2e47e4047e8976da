"""Rasa replies as Telegram messages or console text: pure functions, no I/O.

Rasa's REST channel answers with a list of dicts such as
``{"recipient_id": ..., "text": ..., "buttons": [{"title", "payload"}], "image": ...}``.
Keeping the conversion pure lets every layout rule (escaping, keyboard rows,
splitting, captions) be tested case by case without a bot or a network, and
lets the console show exactly the same conversation as Telegram.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from bot.custom_payloads import CustomPayload, Document, HookRequest, Photo, Timer, parse_custom
from bot.payloads import callback_data_for
from bot.splitting import TELEGRAM_CAPTION_LIMIT, TELEGRAM_TEXT_LIMIT, split_text, utf16_len

# Two buttons share a row only when every title is at most this long: on a
# phone, two longer titles get cut to "I'm anxious or st…".
SHORT_TITLE = 16
MAX_PER_ROW = 2


@dataclass(frozen=True)
class Button:
    """One choice: what the person sees and what Rasa receives when it is pressed."""

    title: str
    payload: str

    @property
    def callback_data(self) -> str:
        """The payload itself, or a short token for it when it is over 64 bytes."""
        return callback_data_for(self.payload)


@dataclass(frozen=True)
class Reply:
    """One Rasa reply, checked: only the fields bot/ knows how to show."""

    text: str = ""
    buttons: tuple[Button, ...] = ()
    image: str | None = None
    custom: CustomPayload | None = None


Keyboard = tuple[tuple[Button, ...], ...]


@dataclass(frozen=True)
class Outgoing:
    """One Telegram message to send; `html` is ready for parse_mode HTML."""

    kind: Literal["text", "photo", "custom"]
    html: str
    keyboard: Keyboard = ()
    photo_url: str | None = None
    custom: CustomPayload | None = None

    @property
    def buttons(self) -> tuple[Button, ...]:
        return tuple(button for row in self.keyboard for button in row)

    @property
    def visible(self) -> bool:
        """Whether the person sees this message (a hook payload is for bot/ only)."""
        return not isinstance(self.custom, HookRequest)


@dataclass(frozen=True)
class ConsoleTurn:
    """What the console prints for one turn, and the buttons a number can pick."""

    text: str
    buttons: tuple[Button, ...] = ()


def parse_reply(raw: Mapping[str, Any]) -> Reply:
    """Keep the well-formed parts of one Rasa reply and drop the rest.

    A malformed button is skipped rather than failing the whole answer: the
    person should still get the text. A ``custom`` payload is checked against
    the contract in `bot.custom_payloads` and dropped if it does not meet it.
    """
    text = raw.get("text")
    image = raw.get("image")
    buttons = []
    for item in raw.get("buttons") or ():
        if not isinstance(item, Mapping):
            continue
        title, payload = item.get("title"), item.get("payload")
        if isinstance(title, str) and title.strip() and isinstance(payload, str) and payload:
            buttons.append(Button(title.strip(), payload))
    return Reply(
        text=text.strip() if isinstance(text, str) else "",
        buttons=tuple(buttons),
        image=image if isinstance(image, str) and image.strip() else None,
        custom=parse_custom(raw["custom"]) if raw.get("custom") is not None else None,
    )


def parse_replies(raw_replies: Iterable[Mapping[str, Any]]) -> list[Reply]:
    """All replies that have something to show, in order."""
    replies = (parse_reply(raw) for raw in raw_replies if isinstance(raw, Mapping))
    return [
        reply for reply in replies if reply.text or reply.buttons or reply.image or reply.custom
    ]


def keyboard_rows(buttons: Sequence[Button]) -> Keyboard:
    """Lay buttons out for a phone: two to a row if all titles are short, else one."""
    if not buttons:
        return ()
    per_row = MAX_PER_ROW if all(len(b.title) <= SHORT_TITLE for b in buttons) else 1
    return tuple(tuple(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row))


def escape_html(text: str) -> str:
    """Escape the three characters Telegram's HTML parse mode treats as markup."""
    return html.escape(text, quote=False)


def _telegram_messages(reply: Reply) -> list[Outgoing]:
    keyboard = keyboard_rows(reply.buttons)
    messages: list[Outgoing] = []
    caption = ""
    if reply.image and utf16_len(reply.text) <= TELEGRAM_CAPTION_LIMIT:
        caption = reply.text
    elif reply.text:
        pieces = split_text(reply.text, TELEGRAM_TEXT_LIMIT)
        messages.extend(Outgoing("text", escape_html(piece)) for piece in pieces)
    if reply.image:
        messages.append(Outgoing("photo", escape_html(caption), photo_url=reply.image))
    if keyboard:
        if messages:
            last = messages[-1]
            messages[-1] = Outgoing(last.kind, last.html, keyboard, last.photo_url)
        else:
            # Buttons without text: Telegram needs some text to hang a keyboard on.
            messages.append(Outgoing("text", escape_html("Please choose:"), keyboard))
    if reply.custom is not None:
        messages.append(Outgoing("custom", "", custom=reply.custom))
    return messages


def render_telegram(raw_replies: Iterable[Mapping[str, Any]]) -> list[Outgoing]:
    """The Telegram messages for a list of Rasa replies, in order.

    Text is escaped for parse_mode HTML and split under 4096 characters; an
    image becomes a photo (with the text as caption when it fits); buttons
    become an inline keyboard on the last message of their reply.
    """
    return [msg for reply in parse_replies(raw_replies) for msg in _telegram_messages(reply)]


def render_plain_messages(texts: Iterable[str]) -> list[Outgoing]:
    """bot/'s own texts (fail-safe, kind answers) as Telegram messages."""
    return render_telegram({"text": text} for text in texts)


def render_console(raw_replies: Iterable[Mapping[str, Any]]) -> ConsoleTurn:
    """The same replies as plain text, with buttons as numbered options.

    Numbers run on across the turn, so every option shown can be picked.
    """
    blocks: list[str] = []
    buttons: list[Button] = []
    for reply in parse_replies(raw_replies):
        lines = [reply.text] if reply.text else []
        if reply.image:
            lines.append(f"[picture: {reply.image}]")
        for button in reply.buttons:
            buttons.append(button)
            lines.append(f"  {len(buttons)}. {button.title}")
        lines.extend(console_lines(reply.custom))
        if lines:
            blocks.append("\n".join(lines))
    return ConsoleTurn("\n\n".join(blocks), tuple(buttons))


def console_lines(custom: CustomPayload | None) -> list[str]:
    """A custom payload as plain lines: the console shows what it is, and never waits."""
    if isinstance(custom, Photo):
        return [f"[picture] {custom.caption}".rstrip()]
    if isinstance(custom, Document):
        return [f"[file: {custom.filename}] {custom.caption}".rstrip()]
    if isinstance(custom, Timer):
        return [f"{custom.text} (take about {custom.seconds} seconds)", custom.done_text]
    return []
