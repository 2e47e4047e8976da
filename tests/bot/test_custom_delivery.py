"""Custom payloads delivered through the real Application and the fake Telegram server."""

from __future__ import annotations

import asyncio
import base64
import logging
import time
from collections.abc import AsyncIterator
from datetime import datetime, timezone

import pytest

from bot import texts
from bot.hooks import HookCall
from bot.pseudonym import Pseudonymizer, pseudonym
from bot.rasa_client import RasaClient
from bot.services import Services
from safety.failsafe import failsafe_reply
from testkit import telegram_updates as tu
from testkit.bot_harness import TEST_PSEUDONYM_KEY, bot_settings, running_bot
from testkit.fake_telegram import FakeTelegram
from tests.support.fake_rasa import Body, FakeRasa

AT = datetime(2025, 3, 4, 14, 0, tzinfo=timezone.utc)
USER = 778001
PNG = b"\x89PNG\r\n\x1a\nchart"
PNG_B64 = base64.b64encode(PNG).decode()
JSON = b'{"records": []}'
REMINDER = {"kind": "reminder", "action": "set", "schedule": {"time": "09:00"}}

SCRIPT: dict[str, list[Body]] = {
    "chart": [
        {"custom": {"kind": "photo", "png_base64": PNG_B64, "caption": "Week"}}
    ],
    "export": [
        {"text": "Here is everything I keep."},
        {
            "custom": {
                "kind": "document",
                "filename": "my-data",
                "mime": "application/json",
                "content_base64": base64.b64encode(JSON).decode(),
                "caption": "Your data",
            }
        },
    ],
    "breathe": [
        {
            "custom": {
                "kind": "timer",
                "text": "Breathe",
                "seconds": 4,
                "tick": 3,
                "done_text": "Well done",
            }
        },
        {"text": "How was that?"},
    ],
    "long breath": [
        {"custom": {"kind": "timer", "text": "Breathe", "seconds": 60}},
        {"text": "How was that?"},
    ],
    "breathe then remind": [
        {"custom": {"kind": "timer", "text": "Breathe", "seconds": 60}},
        {"custom": REMINDER},
    ],
    "remind me": [{"text": "I'll remind you at 9."}, {"custom": REMINDER}],
    "only reminder": [{"custom": REMINDER}],
    "only strange": [{"custom": {"kind": "hologram", "secret": "do not log"}}],
}


def scripted(body: Body) -> list[Body]:
    return SCRIPT.get(body["message"], [{"text": f"echo: {body['message']}"}])


@pytest.fixture
async def services() -> AsyncIterator[Services]:
    async with FakeRasa(scripted) as rasa:
        yield Services(
            RasaClient(rasa.url, 2.0), Pseudonymizer(TEST_PSEUDONYM_KEY), clock=lambda: AT
        )


@pytest.fixture
async def telegram_bot(telegram: FakeTelegram, services: Services) -> AsyncIterator[FakeTelegram]:
    async with running_bot(bot_settings(telegram, "http://127.0.0.1:9"), services):
        yield telegram


async def test_a_photo_payload_is_uploaded(telegram_bot: FakeTelegram) -> None:
    telegram_bot.feed(tu.text_update(USER, "chart"))
    [sent] = await telegram_bot.wait_for_sent(USER, 1)
    assert sent.method == "sendPhoto"
    assert sent.params["photo"].data == PNG
    assert sent.plain_text == "Week"


async def test_a_document_payload_is_uploaded_after_the_text(telegram_bot: FakeTelegram) -> None:
    telegram_bot.feed(tu.text_update(USER, "export"))
    text, document = await telegram_bot.wait_for_sent(USER, 2)
    assert text.plain_text == "Here is everything I keep."
    assert document.method == "sendDocument"
    upload = document.params["document"]
    assert (upload.filename, upload.data) == ("my-data.json", JSON)
    assert document.plain_text == "Your data"


async def test_a_refused_file_is_explained(telegram_bot: FakeTelegram) -> None:
    telegram_bot.fail_next("sendDocument", 400, "Bad Request: file too big")
    telegram_bot.feed(tu.text_update(USER, "export"))
    await telegram_bot.wait_for(lambda: len(telegram_bot.calls_to("sendMessage")) == 2)
    assert telegram_bot.calls_to("sendMessage")[1].plain_text == texts.FILE_NOT_SENT


async def test_a_timer_counts_down_in_one_message_then_the_reply_goes_on(
    telegram_bot: FakeTelegram,
) -> None:
    started = time.monotonic()
    telegram_bot.feed(tu.text_update(USER, "breathe"))
    timer, after = await telegram_bot.wait_for_sent(USER, 2, timeout=10)
    assert timer.plain_text == "Breathe\n\n⏳ 4 seconds left"
    assert after.plain_text == "How was that?"
    assert time.monotonic() - started >= 4
    message_id = telegram_bot.sent_messages(USER)[0]["message_id"]
    assert telegram_bot.message(USER, message_id)["text"] == "Breathe\n\nWell done"
    # Which ticks show depends on how punctually a busy machine wakes the task (the exact
    # schedule is tested on a controlled clock in test_pacing.py); here: the countdown's
    # edits, then the done text, each at least a second apart.
    edits = telegram_bot.calls_to("editMessageText")
    assert edits[-1].plain_text == "Breathe\n\nWell done"
    assert all(e.plain_text.startswith("Breathe\n\n⏳ ") for e in edits[:-1])
    gaps = [b.at - a.at for a, b in zip([timer, *edits], edits, strict=False)]
    assert all(gap >= 0.9 for gap in gaps), "no burst of edits"
    assert edits[-1].at <= after.at


async def test_a_new_message_ends_a_countdown_at_once(telegram_bot: FakeTelegram) -> None:
    telegram_bot.feed(tu.text_update(USER, "long breath"))
    [timer] = await telegram_bot.wait_for_sent(USER, 1)
    asked = time.monotonic()
    telegram_bot.feed(tu.text_update(USER, "stop"))
    sent = await telegram_bot.wait_for_sent(USER, 2)
    # Half the 60 s countdown: it did not run out, however busy the machine.
    assert time.monotonic() - asked < 30
    assert sent[1].plain_text == "echo: stop"
    await telegram_bot.settle(quiet_seconds=1.0)
    assert [c.plain_text for c in telegram_bot.sent_to(USER)] == [timer.plain_text, "echo: stop"]
    message_id = telegram_bot.sent_messages(USER)[0]["message_id"]
    assert telegram_bot.message(USER, message_id)["text"] == "Breathe"


async def test_a_registered_hook_gets_the_payload_and_the_pseudonym(
    telegram: FakeTelegram, services: Services
) -> None:
    calls: list[HookCall] = []

    async def remember(call: HookCall) -> None:
        calls.append(call)

    services.hooks.register("reminder", remember)
    async with running_bot(bot_settings(telegram, "http://127.0.0.1:9"), services):
        telegram.feed(tu.text_update(USER, "remind me"))
        [sent] = await telegram.wait_for_sent(USER, 1)
        await telegram.settle()
    assert sent.plain_text == "I'll remind you at 9."
    [call] = calls
    assert (call.kind, call.data, call.chat_id) == ("reminder", REMINDER, USER)
    assert call.sender == pseudonym(TEST_PSEUDONYM_KEY, USER)


async def test_a_failing_hook_does_not_cost_the_reply(
    telegram: FakeTelegram, services: Services
) -> None:
    async def broken(call: HookCall) -> None:
        raise RuntimeError("scheduler down")

    services.hooks.register("reminder", broken)
    async with running_bot(bot_settings(telegram, "http://127.0.0.1:9"), services):
        telegram.feed(tu.text_update(USER, "remind me"))
        telegram.feed(tu.text_update(USER, "next"))
        sent = await telegram.wait_for_sent(USER, 2)
    assert [c.plain_text for c in sent] == ["I'll remind you at 9.", "echo: next"]


@pytest.mark.parametrize(
    ("message", "kind"), [("only strange", "unknown"), ("only reminder", "reminder")]
)
async def test_a_reply_with_nothing_to_show_gets_the_failsafe(
    telegram_bot: FakeTelegram, caplog: pytest.LogCaptureFixture, message: str, kind: str
) -> None:
    caplog.set_level(logging.INFO)
    expected = failsafe_reply(None, AT, record=False)
    telegram_bot.feed(tu.text_update(USER, message))
    sent = await telegram_bot.wait_for_sent(USER, len(expected))
    assert [c.plain_text for c in sent] == list(expected)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert f"unhandled custom kind: {kind}" in logged
    assert "hologram" not in logged and "do not log" not in logged


async def test_a_countdown_does_not_hold_up_other_people(telegram_bot: FakeTelegram) -> None:
    other = USER + 1
    telegram_bot.feed(tu.text_update(USER, "long breath"))
    await telegram_bot.wait_for_sent(USER, 1)
    telegram_bot.feed(tu.text_update(other, "hello"))
    [sent] = await asyncio.wait_for(telegram_bot.wait_for_sent(other, 1), 5)
    assert sent.plain_text == "echo: hello"


async def test_a_hook_after_an_interrupted_timer_still_runs(
    telegram: FakeTelegram, services: Services
) -> None:
    calls: list[HookCall] = []

    async def remember(call: HookCall) -> None:
        calls.append(call)

    services.hooks.register("reminder", remember)
    async with running_bot(bot_settings(telegram, "http://127.0.0.1:9"), services):
        telegram.feed(tu.text_update(USER, "breathe then remind"))
        await telegram.wait_for_sent(USER, 1)
        telegram.feed(tu.text_update(USER, "stop"))
        await telegram.wait_for_sent(USER, 2)
    assert [call.kind for call in calls] == ["reminder"]
