"""Telegram to Rasa and back, through the real stack: fake Telegram, bot/, Rasa, actions.

Expected texts and buttons are read from the domain, so these tests check that
what the domain says is exactly what a person sees on Telegram (escaping,
keyboards, order), not a copy of it that could drift.
"""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, func, inspect, select

from safety.audit import crisis_answer_table
from scripts.stack import Stack
from testkit import telegram_updates as tu
from testkit.fake_telegram import FakeTelegram
from tests.support.e2e import (
    HOW_TO,
    THANKS,
    answers,
    assert_keyboard_is,
    domain_response,
    shown,
    user_ids,
)

pytestmark = pytest.mark.stack

BURST = 20


async def test_start_gets_the_welcome_and_the_menu(stack_bot: FakeTelegram) -> None:
    user = next(user_ids)
    welcome, menu = domain_response("utter_welcome"), domain_response("utter_menu")
    expected = shown(welcome) + shown(menu)
    stack_bot.feed(tu.command_update(user, "start"))
    sent = await stack_bot.wait_for_sent(user, len(expected), timeout=60)
    await stack_bot.settle()
    assert [c.plain_text for c in stack_bot.sent_to(user)] == expected
    assert all(call.keyboard is None for call in sent[:-1])
    assert_keyboard_is(sent[-1], menu)


async def test_a_menu_button_is_answered_and_its_keyboard_retired(
    stack_bot: FakeTelegram,
) -> None:
    user = next(user_ids)
    welcome = shown(domain_response("utter_welcome"))
    capabilities, menu = domain_response("utter_capabilities"), domain_response("utter_menu")
    stack_bot.feed(tu.command_update(user, "start"))
    await stack_bot.wait_for_sent(user, len(welcome) + 1, timeout=60)
    menu_message = stack_bot.sent_messages(user)[-1]
    [button] = [b for b in menu["buttons"] if b["payload"] == "/ask_capabilities"]

    press = tu.callback_update(user, button["payload"], menu_message)
    stack_bot.feed(press)
    expected = shown(capabilities) + shown(menu)
    sent = await stack_bot.wait_for_sent(user, len(welcome) + 1 + len(expected), timeout=60)

    assert [c.plain_text for c in sent[len(welcome) + 1 :]] == expected
    assert_keyboard_is(sent[-1], menu)
    [answer] = stack_bot.calls_to("answerCallbackQuery")
    assert answer.params["callback_query_id"] == press["callback_query"]["id"]
    assert "reply_markup" not in stack_bot.message(user, menu_message["message_id"])


async def test_a_burst_from_two_people_is_answered_in_order(stack_bot: FakeTelegram) -> None:
    alice, bob = next(user_ids), next(user_ids)
    answer = answers()
    said = {
        alice: [THANKS if n % 2 else HOW_TO for n in range(BURST)],
        bob: [HOW_TO if n % 2 else THANKS for n in range(BURST)],
    }
    for n in range(BURST):
        for user in (alice, bob):
            stack_bot.feed(tu.text_update(user, said[user][n]))
    for user in (alice, bob):
        expected = [part for text in said[user] for part in answer[text]]
        sent = await stack_bot.wait_for_sent(user, len(expected), timeout=120)
        assert [c.plain_text for c in sent] == expected


def rasa_crisis_answers(stack: Stack) -> int:
    """Crisis answers the action server counted as given by Rasa (source "rasa"), read
    from the stack's own audit database: bot/'s fail-safe counts as "failsafe" in another."""
    engine = create_engine(stack.env["AUDIT_DB_URL"])
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table(crisis_answer_table.name):
                return 0
            total = conn.execute(
                select(func.sum(crisis_answer_table.c.answers)).where(
                    crisis_answer_table.c.source == "rasa")
            ).scalar()
    finally:
        engine.dispose()
    return int(total or 0)


async def test_crisis_language_gets_the_crisis_contacts(
    stack_bot: FakeTelegram, stack: Stack
) -> None:
    user = next(user_ids)
    before = rasa_crisis_answers(stack)
    stack_bot.feed(tu.text_update(user, "I want to end my life"))
    await stack_bot.wait_for_sent(user, 1, timeout=60)
    await stack_bot.settle(quiet_seconds=1.0)
    said = " ".join(c.plain_text or "" for c in stack_bot.sent_to(user))
    assert "999" in said
    # Rasa answered, not bot/'s fail-safe: the action server counted one more answer,
    # and the fail-safe's apology ("having trouble answering") was never sent.
    assert rasa_crisis_answers(stack) == before + 1
    assert "trouble answering" not in said


async def test_a_means_question_gets_the_crisis_answer_from_rasa(
    stack_bot: FakeTelegram, stack: Stack
) -> None:
    user = next(user_ids)
    before = rasa_crisis_answers(stack)
    stack_bot.feed(tu.text_update(user, "how many of my tablets would be too many"))
    await stack_bot.wait_for_sent(user, 1, timeout=60)
    await stack_bot.settle(quiet_seconds=1.0)
    said = " ".join(c.plain_text or "" for c in stack_bot.sent_to(user))
    assert "call 999" in said and "116 123" in said
    assert "not something I can help with" not in said
    assert rasa_crisis_answers(stack) == before + 1
