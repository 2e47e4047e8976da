"""Helpers for end-to-end tests through the real stack: fresh ids, what the domain says."""

from __future__ import annotations

import itertools
import time
from typing import Any

from testkit.fake_telegram import Call
from tests.support.domain_files import responses

# Fresh Telegram ids for every test and every run: the tracker store outlives a test,
# and "a first hello gets the welcome" only holds for a new conversation.
user_ids = itertools.count(int(time.time() * 1000) % 1_000_000_000 + 1_000_000_000)

# Phrases the model classifies with high confidence, for tests about order and load.
THANKS, HOW_TO = "thanks", "how do i use this"


def domain_response(name: str) -> dict[str, Any]:
    return responses()[name][0]


def shown(response: dict[str, Any]) -> list[str]:
    """The messages a response becomes: Rasa's REST channel sends each paragraph of a
    text-only response as its own message, and a response with buttons as one."""
    if response.get("buttons"):
        return [response["text"]]
    return response["text"].strip().split("\n\n")


def answers() -> dict[str, list[str]]:
    """What a person sees for THANKS and HOW_TO."""
    return {
        THANKS: shown(domain_response("utter_you_are_welcome")),
        # "How do I use this" is ask_capabilities: what it can do, then the menu.
        HOW_TO: shown(domain_response("utter_capabilities")) + shown(domain_response("utter_menu")),
    }


def assert_keyboard_is(call: Call, response: dict[str, Any]) -> None:
    """The inline keyboard carries the response's buttons, in order, laid out for a phone."""
    buttons = [button for row in call.keyboard or [] for button in row]
    assert [b["text"] for b in buttons] == [b["title"] for b in response["buttons"]]
    assert [b["callback_data"] for b in buttons] == [b["payload"] for b in response["buttons"]]
    rows = call.keyboard or []
    assert all(1 <= len(row) <= 2 for row in rows)
    if any(len(b["title"]) > 16 for b in response["buttons"]):
        assert all(len(row) == 1 for row in rows)
