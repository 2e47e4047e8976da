"""Pathways and the appointment summary through the real stack (fake Telegram to the actions)."""

from __future__ import annotations

import pytest

from pathways.loader import lookup
from testkit import telegram_updates as tu
from testkit.fake_telegram import FakeTelegram
from tests.support.e2e import assert_keyboard_is, domain_response, shown, user_ids

pytestmark = pytest.mark.stack


def buttons_of(message: dict) -> dict[str, str]:
    """Title -> callback data of a sent message's inline keyboard."""
    rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
    return {b["text"]: b["callback_data"] for row in rows for b in row}


async def say(bot: FakeTelegram, user: int, update: dict, more: int = 1) -> list:
    """Feed one update and wait for at least `more` new messages, then for quiet."""
    before = len(bot.sent_to(user))
    bot.feed(update)
    await bot.wait_for_sent(user, before + more, timeout=60)
    await bot.settle(quiet_seconds=1.0, timeout=30)
    return bot.sent_to(user)[before:]


async def test_start_with_a_pathway_code_opens_the_pathway(stack_bot: FakeTelegram) -> None:
    user = next(user_ids)
    pathway = lookup("anxiety")
    welcome = shown(domain_response("utter_welcome"))
    sent = await say(stack_bot, user, tu.command_update(user, "start", "anxiety"),
                     len(welcome) + 1)
    assert [c.plain_text for c in sent[:len(welcome)]] == welcome
    opening = sent[len(welcome)]
    assert pathway.welcome in opening.plain_text
    buttons = buttons_of(stack_bot.sent_messages(user)[-1])
    assert '/find_group{"support_topic": "anxiety"}' in buttons.values()
    assert "/ask_contacts" in buttons.values() and "/show_menu" in buttons.values()
    assert any(data.startswith("/start_exercise") for data in buttons.values())


async def test_start_with_a_malformed_code_gets_the_ordinary_welcome(
    stack_bot: FakeTelegram,
) -> None:
    user = next(user_ids)
    welcome, menu = domain_response("utter_welcome"), domain_response("utter_menu")
    expected = shown(welcome) + shown(menu)
    sent = await say(stack_bot, user, tu.command_update(user, "start", "nonsense!!"),
                     len(expected))
    assert [c.plain_text for c in sent] == expected
    assert_keyboard_is(sent[-1], menu)


async def test_a_summary_after_a_checkin_arrives_as_one_pdf(stack_bot: FakeTelegram) -> None:
    user = next(user_ids)
    await say(stack_bot, user, tu.command_update(user, "start"))
    await say(stack_bot, user, tu.text_update(user, "check in"))
    # The person says yes to what will be kept, as anyone who wants a summary has.
    asking = stack_bot.sent_messages(user)[-1]
    [yes] = [p for p in buttons_of(asking).values() if '"given"' in p]
    await say(stack_bot, user, tu.callback_update(user, yes, asking))
    for answer in ("6", "fine"):
        await say(stack_bot, user, tu.text_update(user, answer))
    for _ in range(4):  # the four outcome statements, asked the first time
        await say(stack_bot, user, tu.text_update(user, "4"))
    saved = stack_bot.sent_messages(user)[-1]
    assert buttons_of(saved).get("Make a summary") == "/make_summary"

    await say(stack_bot, user, tu.callback_update(user, "/make_summary", saved))
    for title in ("Mood and statements", "Make my summary"):
        asking = stack_bot.sent_messages(user)[-1]
        await say(stack_bot, user, tu.callback_update(user, buttons_of(asking)[title], asking))
    asking = stack_bot.sent_messages(user)[-1]
    await say(stack_bot, user, tu.callback_update(user, buttons_of(asking)["Last 2 weeks"],
                                                  asking))

    conversation = [c.plain_text for c in stack_bot.sent_to(user)]
    assert len(stack_bot.calls_to("sendDocument")) == 1, "\n".join(map(str, conversation))
    [document] = stack_bot.calls_to("sendDocument")
    assert document.chat_id == user
    upload = document.params["document"]
    assert upload.filename.endswith(".pdf") and upload.data.startswith(b"%PDF")
    assert "only to you" in document.text
