"""Telegram refusing to deliver (a blocked bot, flood control) costs no one else their reply."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest

from testkit import telegram_updates as tu
from testkit.bot_harness import bot_settings, running_bot
from testkit.fake_telegram import FakeTelegram
from tests.support.fake_rasa import FakeRasa

ALICE, BOB = 779001, 779002


def echo(body: dict) -> list[dict]:
    return [{"text": f"echo: {body['message']}"}]


@pytest.fixture
async def telegram_bot(telegram: FakeTelegram) -> AsyncIterator[FakeTelegram]:
    async with FakeRasa(echo) as rasa, running_bot(bot_settings(telegram, rasa.url)):
        yield telegram


async def test_a_person_who_blocked_the_bot_does_not_stop_the_others(
    telegram_bot: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    telegram_bot.blocked.add(ALICE)
    for n in range(3):
        telegram_bot.feed(tu.text_update(ALICE, f"alice {n}"))
        telegram_bot.feed(tu.text_update(BOB, f"bob {n}"))
    sent = await telegram_bot.wait_for_sent(BOB, 3)
    assert [c.plain_text for c in sent] == ["echo: bob 0", "echo: bob 1", "echo: bob 2"]
    # Each of Alice's replies was tried (and refused), none retried forever.
    await telegram_bot.wait_for(lambda: len(telegram_bot.sent_to(ALICE)) == 3)
    await telegram_bot.settle()
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "Forbidden" in logged
    assert "alice" not in logged and str(ALICE) not in logged


async def test_flood_control_is_waited_out_and_the_reply_delivered(
    telegram_bot: FakeTelegram,
) -> None:
    telegram_bot.flood_next("sendMessage", retry_after=1)
    telegram_bot.feed(tu.text_update(ALICE, "hello"))
    # Alice's first send takes the flood answer before Bob writes, so which of two
    # concurrent sends was refused is not left to chance.
    await telegram_bot.wait_for_sent(ALICE, 1)
    telegram_bot.feed(tu.text_update(BOB, "hi"))
    refused, alice = await telegram_bot.wait_for_sent(ALICE, 2)
    [bob] = await telegram_bot.wait_for_sent(BOB, 1)
    await telegram_bot.settle()
    assert len(telegram_bot.calls_to("sendMessage")) == 3, "one refused, then both delivered"
    assert alice.at - refused.at >= 1.0, "Telegram's retry_after was respected"
    assert [alice.plain_text, bob.plain_text] == ["echo: hello", "echo: hi"]
