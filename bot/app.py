"""The python-telegram-bot Application: built from settings, run by polling or webhook.

`build_application` does no network I/O; `post_init` opens the Rasa client and
registers the command menu once the bot is up, and `post_shutdown` closes the
client. Updates are processed concurrently across people and in order for
each person (`bot.ordering`); outgoing calls pass through the rate limiter so a
busy moment is queued, not refused by Telegram.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder

from bot import handlers, texts
from bot.logs import quiet_leaky_loggers
from bot.ordering import PerUserUpdateProcessor
from bot.reminders import telegram_sender
from bot.safety_bridge import warm_up
from bot.services import SERVICES_KEY, Services, services_of
from bot.settings import Settings
from bot.webhook import serve_webhook

_LOGGER = logging.getLogger(__name__)

ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY]
RATE_LIMIT_RETRIES = 3


async def post_init(application: Application) -> None:
    """Open the Rasa client, load the fail-safe, and show the command menu.

    The fail-safe is loaded before the first update is read, so that the first
    person to need it while Rasa is down does not wait for spaCy to load.
    """
    services = services_of(application)
    await services.rasa.open()
    await asyncio.to_thread(warm_up, services.clock())
    if services.reminders is not None:
        services.reminders.start(telegram_sender(application.bot), services.clock)
    if services.pruning is not None:
        services.pruning.start(telegram_sender(application.bot), services.clock)
    try:
        commands = [BotCommand(name, about) for name, about in texts.COMMANDS]
        await application.bot.set_my_commands(commands)
    except TelegramError as exc:
        # The menu is a convenience: typing the commands still works without it.
        _LOGGER.warning("could not register the command menu (%s)", type(exc).__name__)


async def post_shutdown(application: Application) -> None:
    """End any countdown still running (it has no one left to send to), stop the reminder
    sender, then close the client."""
    services = services_of(application)
    await services.pacer.stop_all()
    if services.pruning is not None:
        await services.pruning.stop()
    if services.reminders is not None:
        await services.reminders.stop()
    await services.rasa.close()


def build_application(settings: Settings, services: Services | None = None) -> Application:
    """The Application for `settings`, with handlers registered; nothing is started."""
    if settings.telegram_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is needed for Telegram; without it use the console")
    quiet_leaky_loggers()
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_token)
        .concurrent_updates(PerUserUpdateProcessor())
        .rate_limiter(AIORateLimiter(max_retries=RATE_LIMIT_RETRIES))
        .job_queue(None)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
    )
    if settings.telegram_base_url:
        root = settings.telegram_base_url.rstrip("/")
        builder = builder.base_url(f"{root}/bot").base_file_url(f"{root}/file/bot")
    application = builder.build()
    application.bot_data[SERVICES_KEY] = services or Services.from_settings(settings)
    handlers.register(application)
    return application


def run(settings: Settings) -> None:
    """Run until interrupted: webhook mode when WEBHOOK_URL is set, else long polling.

    Either way SIGINT/SIGTERM stop taking updates first and let the replies in
    flight finish (python-telegram-bot's Application.stop waits for them).
    """
    application = build_application(settings)
    if settings.mode == "webhook":
        asyncio.run(serve_webhook(application, settings, ALLOWED_UPDATES))
    else:
        _LOGGER.info("starting in polling mode")
        application.run_polling(allowed_updates=ALLOWED_UPDATES)
