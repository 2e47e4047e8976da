"""Everything a person can send, through the real stack: every command, every kind of
message, edits, empty and very long text, group chats, and webhook mode's secret."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from bot import texts
from bot.inbound import COMMAND_INTENTS, SOS_COMMANDS
from testkit import telegram_updates as tu
from testkit.bot_harness import bot_settings, running_bot
from testkit.fake_telegram import FakeTelegram
from tests.support.e2e import THANKS, answers, domain_response, shown, user_ids
from tests.support.fake_rasa import closed_port_url

pytestmark = pytest.mark.stack

SECRET = "stack-webhook-secret_0123456789"


def texts_to(telegram: FakeTelegram, user: int) -> list[str]:
    return [c.plain_text or "" for c in telegram.sent_to(user)]


@pytest.mark.parametrize("command", [*COMMAND_INTENTS, *SOS_COMMANDS, "nonsense"])
async def test_every_command_gets_an_answer(stack_bot: FakeTelegram, command: str) -> None:
    user = next(user_ids)
    stack_bot.feed(tu.command_update(user, command))
    await stack_bot.wait_for_sent(user, 1, timeout=60)
    await stack_bot.settle(quiet_seconds=1.0)
    answer = texts_to(stack_bot, user)
    assert all(text.strip() for text in answer)
    if command == "nonsense":
        assert answer == [texts.UNKNOWN_COMMAND]
    if command in SOS_COMMANDS:
        assert "999" in " ".join(answer)


@pytest.mark.parametrize(
    ("factory", "kind"),
    [
        (tu.sticker_update, "sticker"),
        (tu.photo_update, "photo"),
        (tu.voice_update, "voice"),
        (tu.video_update, "video"),
        (tu.document_update, "document"),
        (tu.contact_update, "contact"),
    ],
)
async def test_every_kind_of_message_gets_its_own_kind_answer(
    stack_bot: FakeTelegram, factory: Callable[[int], dict[str, Any]], kind: str
) -> None:
    user = next(user_ids)
    stack_bot.feed(factory(user))
    await stack_bot.wait_for_sent(user, 1, timeout=60)
    await stack_bot.settle()
    assert texts_to(stack_bot, user) == [texts.NOT_TEXT[kind]]


async def test_a_location_is_answered(stack_bot: FakeTelegram) -> None:
    user = next(user_ids)
    stack_bot.feed(tu.location_update(user))
    await stack_bot.wait_for_sent(user, 1, timeout=60)
    await stack_bot.settle(quiet_seconds=1.0)
    assert all(text.strip() for text in texts_to(stack_bot, user))


async def test_an_edit_is_answered_as_a_new_message(stack_bot: FakeTelegram) -> None:
    user = next(user_ids)
    stack_bot.feed(tu.edited_text_update(user, THANKS))
    expected = [texts.EDITED_READ, *answers()[THANKS]]
    await stack_bot.wait_for_sent(user, len(expected), timeout=60)
    assert texts_to(stack_bot, user) == expected


async def test_empty_text_gets_a_kind_answer(stack_bot: FakeTelegram) -> None:
    user = next(user_ids)
    stack_bot.feed(tu.text_update(user, "/"))
    [sent] = await stack_bot.wait_for_sent(user, 1, timeout=60)
    assert sent.plain_text == texts.EMPTY_TEXT


async def test_ten_thousand_characters_are_read_in_part_and_the_person_told(
    stack_bot: FakeTelegram,
) -> None:
    user = next(user_ids)
    stack_bot.feed(tu.text_update(user, ("I have been thinking a lot. " * 400)[:10_000]))
    await stack_bot.wait_for(lambda: texts.TRUNCATED in texts_to(stack_bot, user), timeout=60)
    answer = texts_to(stack_bot, user)
    assert len(answer) >= 2 and answer[-1] == texts.TRUNCATED


async def test_a_group_chat_is_told_the_bot_works_in_private(stack_bot: FakeTelegram) -> None:
    user = next(user_ids)
    group = tu.group_chat(-(user % 1_000_000) - 1)
    stack_bot.feed(tu.command_update(user, "start", chat=group))
    [sent] = await stack_bot.wait_for_sent(group["id"], 1, timeout=60)
    assert sent.plain_text == texts.GROUP_CHAT
    assert stack_bot.sent_to(user) == []


async def test_webhook_mode_with_a_wrong_and_a_right_secret(
    telegram: FakeTelegram, rasa_url: str
) -> None:
    user = next(user_ids)
    port = int(closed_port_url().rsplit(":", 1)[1])
    url = f"http://127.0.0.1:{port}/telegram/hook"
    settings = bot_settings(
        telegram,
        rasa_url,
        webhook_url=url,
        webhook_secret=SECRET,
        webhook_port=port,
        rasa_timeout_seconds=30.0,
    )
    async with running_bot(settings), httpx.AsyncClient() as client:
        update = tu.command_update(user, "menu") | {"update_id": 1}
        wrong = await client.post(
            url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET[:-1]}
        )
        right = await client.post(
            url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
        )
        health = await client.get(f"http://127.0.0.1:{port}/healthz")
        assert (wrong.status_code, right.status_code, health.status_code) == (403, 200, 200)
        await telegram.wait_for_sent(user, 1, timeout=60)
        await telegram.settle(quiet_seconds=1.0)
    assert texts_to(telegram, user) == shown(domain_response("utter_menu"))
