"""Webhook mode: the bot registers its URL and secret, and refuses posts without the secret."""

from __future__ import annotations

import httpx

from tests.support import telegram_updates as tu
from tests.support.bot_harness import bot_settings, running_bot
from tests.support.fake_rasa import FakeRasa, closed_port_url
from tests.support.fake_telegram import FakeTelegram

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
    assert sent.plain_text == "echo: hello"
    assert len(rasa.requests) == 1
