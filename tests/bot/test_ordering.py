"""Each person's messages are answered one at a time and in order; people in parallel."""

from __future__ import annotations

import asyncio
import random

from telegram import Update

from bot.ordering import PerUserUpdateProcessor, user_key
from testkit import telegram_updates as tu
from testkit.bot_harness import bot_settings, running_bot
from testkit.fake_telegram import FakeTelegram
from tests.support.fake_rasa import Body, FakeRasa

ALICE, BOB = 1001, 1002
BURST = 20
# Jitter in answer times makes completion order differ from arrival order; seeded, so a
# failure comes back the same way when it is run again.
JITTER = random.Random(20)


def update_from(user_id: int, text: str) -> Update:
    return Update.de_json(tu.text_update(user_id, text) | {"update_id": 1}, None)


def test_user_key() -> None:
    assert user_key(update_from(ALICE, "hi")) == ALICE
    assert user_key(object()) is None


async def test_processor_serialises_per_user_and_overlaps_users() -> None:
    processor = PerUserUpdateProcessor(64)
    log: list[tuple[str, int, str]] = []
    active: dict[int, int] = {ALICE: 0, BOB: 0}
    overlap = asyncio.Event()

    async def work(user_id: int, n: int) -> None:
        active[user_id] += 1
        assert active[user_id] == 1, "two updates of one person ran at once"
        if all(active.values()):
            overlap.set()
        log.append(("start", user_id, str(n)))
        await asyncio.sleep(JITTER.uniform(0, 0.01))
        active[user_id] -= 1

    tasks = [
        asyncio.create_task(
            processor.process_update(update_from(user_id, str(n)), work(user_id, n))
        )
        for n in range(BURST)
        for user_id in (ALICE, BOB)
    ]
    await asyncio.gather(*tasks)
    for user_id in (ALICE, BOB):
        assert [n for _, u, n in log if u == user_id] == [str(n) for n in range(BURST)]
    assert overlap.is_set(), "different people should be served concurrently"


async def jittery_echo(body: Body) -> list[Body]:
    """Answers in random order of time, so only the bot's ordering keeps turns in order."""
    await asyncio.sleep(JITTER.uniform(0, 0.05))
    return [{"text": f"echo: {body['message']}"}]


async def test_a_burst_from_two_people_is_answered_in_order_for_each(
    telegram: FakeTelegram,
) -> None:
    async with FakeRasa(jittery_echo) as rasa, running_bot(bot_settings(telegram, rasa.url)):
        for n in range(BURST):
            telegram.feed(tu.text_update(ALICE, f"alice {n}"))
            telegram.feed(tu.text_update(BOB, f"bob {n}"))
        for user_id, name in ((ALICE, "alice"), (BOB, "bob")):
            sent = await telegram.wait_for_sent(user_id, BURST, timeout=30)
            assert [c.plain_text for c in sent] == [f"echo: {name} {n}" for n in range(BURST)]
    senders = {r["sender"] for r in rasa.requests}
    assert len(senders) == 2
    for sender in senders:
        messages = rasa.messages_from(sender)
        name = messages[0].split()[0]
        assert messages == [f"{name} {n}" for n in range(BURST)]
