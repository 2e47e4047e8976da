"""Telegram to Rasa and back, through the real stack: fake Telegram, bot/, Rasa, actions.

Expected texts and buttons are read from the domain, so these tests check that
what the domain says is exactly what a person sees on Telegram (escaping,
keyboards, order), not a copy of it that could drift.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.support import telegram_updates as tu
from tests.support.bot_harness import bot_settings, running_bot
from tests.support.domain_files import responses
from tests.support.fake_telegram import Call, FakeTelegram

pytestmark = pytest.mark.stack

ROOT = Path(__file__).resolve().parents[2]
BURST = 20
# Fresh Telegram ids for every test and every run: the tracker store outlives a test,
# and "a first hello gets the welcome" only holds for a new conversation.
_user_ids = itertools.count(int(time.time() * 1000) % 1_000_000_000 + 1_000_000_000)


def domain_response(name: str) -> dict[str, Any]:
    return responses()[name][0]


def shown(response: dict[str, Any]) -> list[str]:
    """The messages a response becomes: Rasa's REST channel sends each paragraph of a
    text-only response as its own message, and a response with buttons as one."""
    if response.get("buttons"):
        return [response["text"]]
    return response["text"].strip().split("\n\n")


def assert_keyboard_is(call: Call, response: dict[str, Any]) -> None:
    """The inline keyboard carries the response's buttons, in order, laid out for a phone."""
    buttons = [button for row in call.keyboard or [] for button in row]
    assert [b["text"] for b in buttons] == [b["title"] for b in response["buttons"]]
    assert [b["callback_data"] for b in buttons] == [b["payload"] for b in response["buttons"]]
    rows = call.keyboard or []
    assert all(1 <= len(row) <= 2 for row in rows)
    if any(len(b["title"]) > 16 for b in response["buttons"]):
        assert all(len(row) == 1 for row in rows)


@pytest.fixture
async def telegram_bot(telegram: FakeTelegram, rasa_url: str) -> AsyncIterator[FakeTelegram]:
    settings = bot_settings(telegram, rasa_url, rasa_timeout_seconds=30.0)
    async with running_bot(settings):
        yield telegram


async def test_start_gets_the_welcome_and_the_menu(telegram_bot: FakeTelegram) -> None:
    user = next(_user_ids)
    welcome, menu = domain_response("utter_welcome"), domain_response("utter_menu")
    expected = shown(welcome) + shown(menu)
    telegram_bot.feed(tu.command_update(user, "start"))
    sent = await telegram_bot.wait_for_sent(user, len(expected), timeout=60)
    await telegram_bot.settle()
    assert [c.plain_text for c in telegram_bot.sent_to(user)] == expected
    assert all(call.keyboard is None for call in sent[:-1])
    assert_keyboard_is(sent[-1], menu)


async def test_a_menu_button_is_answered_and_its_keyboard_retired(
    telegram_bot: FakeTelegram,
) -> None:
    user = next(_user_ids)
    welcome = shown(domain_response("utter_welcome"))
    capabilities, menu = domain_response("utter_capabilities"), domain_response("utter_menu")
    telegram_bot.feed(tu.command_update(user, "start"))
    await telegram_bot.wait_for_sent(user, len(welcome) + 1, timeout=60)
    menu_message = telegram_bot.sent_messages(user)[-1]
    [button] = [b for b in menu["buttons"] if b["payload"] == "/ask_capabilities"]

    press = tu.callback_update(user, button["payload"], menu_message)
    telegram_bot.feed(press)
    expected = shown(capabilities) + shown(menu)
    sent = await telegram_bot.wait_for_sent(user, len(welcome) + 1 + len(expected), timeout=60)

    assert [c.plain_text for c in sent[len(welcome) + 1 :]] == expected
    assert_keyboard_is(sent[-1], menu)
    [answer] = telegram_bot.calls_to("answerCallbackQuery")
    assert answer.params["callback_query_id"] == press["callback_query"]["id"]
    assert "reply_markup" not in telegram_bot.message(user, menu_message["message_id"])


async def test_a_burst_from_two_people_is_answered_in_order(telegram_bot: FakeTelegram) -> None:
    alice, bob = next(_user_ids), next(_user_ids)
    # Phrases the model classifies with high confidence: this test is about order.
    thanks, help_ = "thanks", "how do i use this"
    answer = {
        thanks: shown(domain_response("utter_you_are_welcome")),
        help_: shown(domain_response("utter_help")),
    }
    said = {
        alice: [thanks if n % 2 else help_ for n in range(BURST)],
        bob: [help_ if n % 2 else thanks for n in range(BURST)],
    }
    for n in range(BURST):
        for user in (alice, bob):
            telegram_bot.feed(tu.text_update(user, said[user][n]))
    for user in (alice, bob):
        expected = [part for text in said[user] for part in answer[text]]
        sent = await telegram_bot.wait_for_sent(user, len(expected), timeout=120)
        assert [c.plain_text for c in sent] == expected


async def test_crisis_language_gets_the_crisis_contacts(telegram_bot: FakeTelegram) -> None:
    user = next(_user_ids)
    telegram_bot.feed(tu.text_update(user, "I want to end my life"))
    await telegram_bot.wait_for_sent(user, 1, timeout=60)
    await telegram_bot.settle(quiet_seconds=1.0)
    assert "999" in " ".join(c.plain_text or "" for c in telegram_bot.sent_to(user))
