"""Run bot/'s real Application against the fake Telegram server, inside a test.

`running_bot` does what ``Application.run_polling`` does (initialize, post_init,
start polling, start; then the reverse) but inside the test's event loop, so
the test can feed updates and assert on what was sent while the bot runs.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

from telegram.ext import Application

from bot.app import ALLOWED_UPDATES, build_application
from bot.services import Services
from bot.settings import Settings
from bot.webhook import WebhookServer
from testkit.fake_telegram import FakeTelegram

STOP_TIMEOUT_SECONDS = 15.0
TEST_PSEUDONYM_KEY = b"test-pseudonym-key-0123456789abcdef"


def bot_settings(telegram: FakeTelegram, rasa_url: str, **overrides: Any) -> Settings:
    """Settings for a bot that talks to `telegram` and to Rasa at `rasa_url`."""
    values: dict[str, Any] = {
        "pseudonym_key": TEST_PSEUDONYM_KEY,
        "telegram_token": telegram.token,
        "telegram_base_url": telegram.base_url,
        "rasa_url": rasa_url,
        "rasa_timeout_seconds": 3.0,
    }
    values.update(overrides)
    return Settings(**values)


@contextlib.asynccontextmanager
async def running_bot(
    settings: Settings, services: Services | None = None
) -> AsyncIterator[Application]:
    """The bot, polling the fake server (or serving its webhook), for the block's duration."""
    application = build_application(settings, services)
    webhook = WebhookServer(application, settings) if settings.mode == "webhook" else None
    await application.initialize()
    try:
        assert application.post_init is not None and application.updater is not None
        await application.post_init(application)
        await application.start()
        if webhook is not None:
            await webhook.start(ALLOWED_UPDATES)
        else:
            await application.updater.start_polling(
                poll_interval=0, timeout=timedelta(seconds=1), allowed_updates=ALLOWED_UPDATES
            )
        try:
            yield application
        finally:
            if webhook is not None:
                await webhook.stop()
            else:
                await application.updater.stop()
            # Bounded, so that a turn that never ends fails the test instead of hanging it.
            await asyncio.wait_for(application.stop(), STOP_TIMEOUT_SECONDS)
    finally:
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)
