"""Order and concurrency through the real stack: a burst from one person, twenty at once,
and buttons pressed on old messages."""

from __future__ import annotations

import pytest

from bot import texts
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

BURST = 100
PEOPLE = 20
EACH = 3


def expected_for(said: list[str]) -> list[str]:
    answer = answers()
    return [part for text in said for part in answer[text]]


async def test_a_burst_of_100_from_one_person_is_answered_in_order(stack_bot: FakeTelegram) -> None:
    user = next(user_ids)
    said = [THANKS if n % 3 else HOW_TO for n in range(BURST)]
    for text in said:
        stack_bot.feed(tu.text_update(user, text))
    expected = expected_for(said)
    await stack_bot.wait_for_sent(user, len(expected), timeout=300)
    await stack_bot.settle(quiet_seconds=1.0)
    assert [c.plain_text for c in stack_bot.sent_to(user)] == expected


async def test_twenty_people_at_once_each_get_their_answers_in_order(
    stack_bot: FakeTelegram,
) -> None:
    people = [next(user_ids) for _ in range(PEOPLE)]
    said = {
        person: [(THANKS, HOW_TO)[(n + index) % 2] for n in range(EACH)]
        for index, person in enumerate(people)
    }
    for n in range(EACH):
        for person in people:
            stack_bot.feed(tu.text_update(person, said[person][n]))
    for person in people:
        expected = expected_for(said[person])
        await stack_bot.wait_for_sent(person, len(expected), timeout=300)
    await stack_bot.settle(quiet_seconds=1.0)
    for person in people:
        assert [c.plain_text for c in stack_bot.sent_to(person)] == expected_for(said[person])


async def test_a_button_on_an_old_message_restarts_that_choice(stack_bot: FakeTelegram) -> None:
    user = next(user_ids)
    menu = domain_response("utter_menu")
    keyboard = [[{"text": b["title"], "callback_data": b["payload"]}] for b in menu["buttons"]]
    old = stack_bot.earlier_bot_message(user, menu["text"], keyboard)
    stack_bot.feed(tu.callback_update(user, "/ask_capabilities", old))
    expected = shown(domain_response("utter_capabilities")) + shown(menu)
    sent = await stack_bot.wait_for_sent(user, len(expected), timeout=60)
    assert [c.plain_text for c in sent] == expected
    assert_keyboard_is(sent[-1], menu)
    assert "reply_markup" not in stack_bot.message(user, old["message_id"])


async def test_a_forgotten_long_button_says_it_has_expired(stack_bot: FakeTelegram) -> None:
    user = next(user_ids)
    old = stack_bot.earlier_bot_message(
        user, "Pick a group", [[{"text": "Wednesday", "callback_data": "~t:gone-since-restart"}]]
    )
    stack_bot.feed(tu.callback_update(user, "~t:gone-since-restart", old))
    [sent] = await stack_bot.wait_for_sent(user, 1, timeout=60)
    assert sent.plain_text == texts.EXPIRED_BUTTON
    assert len(stack_bot.calls_to("answerCallbackQuery")) == 1
