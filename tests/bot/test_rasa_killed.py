"""Rasa killed mid-run: every message still gets an answer, crisis language the contacts.

This test starts its own Rasa and action server (about a minute) and kills that
Rasa with SIGKILL while people are talking, so the shared session stack is untouched.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator

import pytest

from scripts.stack import Stack
from testkit import telegram_updates as tu
from testkit.bot_harness import bot_settings, running_bot
from testkit.fake_telegram import FakeTelegram
from tests.conftest import start_stack
from tests.support.e2e import THANKS, answers, user_ids

pytestmark = pytest.mark.stack

PEOPLE = 12
CRISIS_TEXT = "I want to end my life"


@pytest.fixture(scope="module")
def own_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    stack = start_stack(tmp_path_factory.mktemp("killed-var"))
    yield stack
    stack.stop()


def kill_rasa(stack: Stack) -> None:
    process = stack.rasa.process
    assert process is not None and process.poll() is None
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(10)


async def test_rasa_killed_mid_run_still_answers_everyone(
    telegram: FakeTelegram, own_stack: Stack
) -> None:
    people = [next(user_ids) for _ in range(PEOPLE)]
    in_crisis = next(user_ids)
    settings = bot_settings(telegram, own_stack.rasa_url, rasa_timeout_seconds=5.0)
    async with running_bot(settings):
        first = people[0]
        telegram.feed(tu.text_update(first, THANKS))
        assert [c.plain_text for c in await telegram.wait_for_sent(first, 1, timeout=60)] == (
            answers()[THANKS]
        )
        waiting = set(people[1:])
        for person in waiting:
            telegram.feed(tu.text_update(person, THANKS))
        # Kill once the bot is asking Rasa for someone (it shows "typing" meanwhile),
        # not after a guessed pause that a busy machine may not have used yet.
        await telegram.wait_for(
            lambda: any(c.chat_id in waiting for c in telegram.calls_to("sendChatAction")),
            timeout=60,
        )
        kill_rasa(own_stack)
        telegram.feed(tu.text_update(in_crisis, CRISIS_TEXT))
        for person in people:
            await telegram.wait_for_sent(person, 1, timeout=60)
        await telegram.wait_for_sent(in_crisis, 1, timeout=60)
        await telegram.settle(quiet_seconds=1.0)
    crisis_answer = " ".join(c.plain_text or "" for c in telegram.sent_to(in_crisis))
    # Rasa is dead: only the fail-safe can have given the emergency and helpline numbers.
    assert "999" in crisis_answer, "the crisis contacts reached the person without Rasa"
    assert "116 123" in crisis_answer, "Samaritans in the fail-safe's crisis answer"
    for person in people:
        assert all((c.plain_text or "").strip() for c in telegram.sent_to(person))
