"""Webhook mode: the bot registers its URL and secret, refuses posts without the secret,
answers a health check, and finishes a reply in flight when it is shut down."""

from __future__ import annotations

import asyncio
import os
import signal

import httpx
import pytest

from bot.app import ALLOWED_UPDATES, build_application
from bot.webhook import serve_webhook
from testkit import telegram_updates as tu
from testkit.bot_harness import bot_settings, running_bot
from testkit.fake_telegram import FakeTelegram
from tests.support.fake_rasa import FakeRasa, closed_port_url, slow

SECRET = "webhook-secret_for-tests"
USER = 55501


def echo(body: dict) -> list[dict]:
    return [{"text": f"echo: {body['message']}"}]


async def test_webhook_needs_the_secret(telegram: FakeTelegram) -> None:
    port = int(closed_port_url().rsplit(":", 1)[1])
    url = f"http://127.0.0.1:{port}/telegram/hook"
    async with FakeRasa(echo) as rasa:
        settings = bot_settings(
            telegram, rasa.url, webhook_url=url, webhook_secret=SECRET, webhook_port=port
        )
        assert settings.mode == "webhook"
        async with running_bot(settings), httpx.AsyncClient() as client:
            [registered] = telegram.calls_to("setWebhook")
            assert registered.params["url"] == url
            assert registered.params["secret_token"] == SECRET

            update = tu.text_update(USER, "hello") | {"update_id": 1}
            refused = await client.post(url, json=update)
            wrong = await client.post(
                url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "guess"}
            )
            accepted = await client.post(
                url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
            )
            assert (refused.status_code, wrong.status_code, accepted.status_code) == (403, 403, 200)
            [sent] = await telegram.wait_for_sent(USER, 1)
            garbled = await client.post(
                url, content=b"{not json", headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
            )
            assert garbled.status_code == 400
            health = await client.get(f"http://127.0.0.1:{port}/healthz")
            assert (health.status_code, health.json()) == (200, {"status": "ok"})
    assert sent.plain_text == "echo: hello"
    assert len(rasa.requests) == 1


async def test_shutdown_finishes_the_reply_in_flight(telegram: FakeTelegram) -> None:
    port = int(closed_port_url().rsplit(":", 1)[1])
    url = f"http://127.0.0.1:{port}/telegram/hook"
    async with FakeRasa(slow(echo, 1.5)) as rasa:
        settings = bot_settings(
            telegram, rasa.url, webhook_url=url, webhook_secret=SECRET, webhook_port=port
        )
        async with running_bot(settings), httpx.AsyncClient() as client:
            update = tu.text_update(USER, "still there?") | {"update_id": 2}
            headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
            assert (await client.post(url, json=update, headers=headers)).status_code == 200
            while not rasa.requests:
                await asyncio.sleep(0.05)
        # The block has ended: the bot stopped while Rasa was still thinking.
    assert [c.plain_text for c in telegram.sent_to(USER)] == ["echo: still there?"]


async def test_sigterm_stops_taking_updates_and_finishes_the_reply(telegram: FakeTelegram) -> None:
    """The production path (`serve_webhook`), stopped the way a service manager stops it."""
    port = int(closed_port_url().rsplit(":", 1)[1])
    url = f"http://127.0.0.1:{port}/telegram/hook"
    async with FakeRasa(slow(echo, 1.5)) as rasa:
        settings = bot_settings(
            telegram, rasa.url, webhook_url=url, webhook_secret=SECRET, webhook_port=port
        )
        serving = asyncio.create_task(
            serve_webhook(build_application(settings), settings, ALLOWED_UPDATES)
        )
        await telegram.wait_for_calls("setWebhook", timeout=30)
        async with httpx.AsyncClient() as client:
            update = tu.text_update(USER, "goodnight") | {"update_id": 3}
            headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
            assert (await client.post(url, json=update, headers=headers)).status_code == 200
            while not rasa.requests:
                await asyncio.sleep(0.05)
            os.kill(os.getpid(), signal.SIGTERM)
            await asyncio.wait_for(serving, 15)
            with pytest.raises(httpx.ConnectError):
                await client.get(f"http://127.0.0.1:{port}/healthz")
    assert [c.plain_text for c in telegram.sent_to(USER)] == ["echo: goodnight"]
