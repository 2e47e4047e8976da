"""Length limits: Telegram's per-message limit and what we send to Rasa.

Telegram counts length in UTF-16 code units (an emoji can count as two), so
the limits here do too. Text is split where a reader would pause (paragraph,
line, sentence, word) so that a long answer reads as several natural messages.
"""

from __future__ import annotations

import re

TELEGRAM_TEXT_LIMIT = 4096
TELEGRAM_CAPTION_LIMIT = 1024
RASA_TEXT_LIMIT = 2000

_SENTENCE_END = re.compile(r"[.!?…][\"')\]]*\s")


def utf16_len(text: str) -> int:
    """Length as Telegram counts it."""
    return len(text.encode("utf-16-le")) // 2


def _prefix_fitting(text: str, limit: int) -> int:
    """The number of characters of `text` whose UTF-16 length is at most `limit`."""
    if utf16_len(text) <= limit:
        return len(text)
    count = 0
    for index, char in enumerate(text):
        count += 2 if ord(char) > 0xFFFF else 1
        if count > limit:
            return index
    return len(text)


def _cut_point(probe: str, fit: int) -> int:
    """Where to end the next piece: the latest natural pause within `fit` characters.

    `probe` is the text up to one character past `fit`, so that a pause right at
    the limit (a full stop followed by a space) is seen. A pause in the first
    third is ignored, so pieces do not get absurdly short.
    """
    floor = fit // 3
    for separator in ("\n\n", "\n"):
        at = probe.rfind(separator)
        if at > floor:
            return at + len(separator)
    ends = [m.end() for m in _SENTENCE_END.finditer(probe) if m.end() > floor]
    if ends:
        return ends[-1]
    at = probe.rfind(" ")
    if at > floor:
        return at + 1
    return fit


def split_text(text: str, limit: int = TELEGRAM_TEXT_LIMIT) -> list[str]:
    """Split `text` into pieces of at most `limit` UTF-16 units at natural pauses.

    Whitespace at the seams is dropped; empty text gives no pieces.
    """
    if limit < 1:
        raise ValueError("limit must be positive")
    pieces: list[str] = []
    rest = text.strip()
    while rest:
        fit = _prefix_fitting(rest, limit)
        if fit == len(rest):
            pieces.append(rest)
            break
        cut = _cut_point(rest[: fit + 1], fit)
        piece = rest[:cut].rstrip()
        if piece:
            pieces.append(piece)
        rest = rest[cut:].lstrip()
    return pieces


def truncate_for_rasa(text: str, limit: int = RASA_TEXT_LIMIT) -> tuple[str, bool]:
    """The first `limit` characters of `text`, ended at a word; and whether it was cut.

    NLU models gain nothing from more, and an unbounded message is a cheap way
    to load the server; the person is told, kindly, that only the start was read.
    """
    text = text.strip()
    if len(text) <= limit:
        return text, False
    head = text[:limit]
    space = head.rfind(" ")
    if space > limit // 2:
        head = head[:space]
    return head.rstrip(), True
