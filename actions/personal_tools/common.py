"""What the personal actions share: the person's key, skips, file payloads."""

from __future__ import annotations

import base64
from typing import Any

from rasa_sdk import Tracker

from personal.checkins import is_skip

MENU_BUTTON = {"title": "Menu", "payload": "/show_menu"}


def person(tracker: Tracker) -> str:
    """The pseudonym bot/ made for this person: the key of every personal record."""
    return tracker.sender_id


def document(filename: str, text: str, caption: str, mime: str = "text/plain") -> dict[str, Any]:
    """The custom payload bot/ sends as a file (the `document` kind in bot/custom_payloads.py)."""
    return {
        "kind": "document",
        "filename": filename,
        "mime": mime,
        "content_base64": base64.b64encode(text.encode("utf-8")).decode("ascii"),
        "caption": caption,
    }


def latest_text(tracker: Tracker) -> str:
    return str(tracker.latest_message.get("text") or "")


def entity(tracker: Tracker, name: str) -> str | None:
    for found in tracker.latest_message.get("entities") or []:
        if found.get("entity") == name and found.get("value"):
            return str(found["value"])
    return None


def answering(tracker: Tracker, slot: str) -> bool:
    """Whether the person's latest message answers `slot`.

    A form's validation also sees slots set before the form asked anything (prefilled from the
    store, or reset to None when a check-in starts); those are not answers to check.
    """
    return tracker.get_slot("requested_slot") == slot


SKIP_INTENT = "skip"


def skipped(tracker: Tracker, text: str) -> bool:
    """The person passed on this question: a skip word, or words the NLU read as skipping."""
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    return intent == SKIP_INTENT or is_skip(text)
