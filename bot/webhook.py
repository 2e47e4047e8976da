"""Webhook mode: Telegram's updates by HTTPS POST, the secret token checked, and a health check.

python-telegram-bot's own webhook server has no health endpoint, so this is
the small server its documentation suggests for that case ("custom webhook"):
an aiohttp app that checks ``X-Telegram-Bot-Api-Secret-Token`` on every
request (in constant time), puts each update on the Application's queue, and
answers ``GET /healthz`` for a load balancer or service manager. It listens on
loopback by default, behind a TLS proxy.

`serve_webhook` runs the whole lifecycle and shuts down gracefully on SIGINT or
SIGTERM: it stops taking updates first, then lets the Application finish the
replies already in flight before closing.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import signal

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot.settings import Settings

_LOGGER = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HEALTH_PATH = "/healthz"
MAX_UPDATE_BYTES = 1024 * 1024


class WebhookServer:
    """The HTTP side of webhook mode for one Application."""

    def __init__(self, application: Application, settings: Settings) -> None:
        if settings.mode != "webhook" or settings.webhook_secret is None:
            raise ValueError("webhook mode needs WEBHOOK_URL and WEBHOOK_SECRET")
        self._application = application
        self._settings = settings
        self._secret = settings.webhook_secret.encode("utf-8")
        self._runner: web.AppRunner | None = None

    def web_app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_UPDATE_BYTES)
        app.router.add_post("/" + self._settings.webhook_path, self._update)
        app.router.add_get(HEALTH_PATH, self._health)
        return app

    async def start(self, allowed_updates: list[str]) -> None:
        """Listen, then tell Telegram where to post (only once we can take the posts)."""
        self._runner = web.AppRunner(self.web_app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._settings.webhook_listen, self._settings.webhook_port)
        await site.start()
        await self._application.bot.set_webhook(
            self._settings.webhook_url or "",
            secret_token=self._settings.webhook_secret,
            allowed_updates=allowed_updates,
        )

    async def stop(self) -> None:
        """Stop taking updates; Telegram keeps new ones and retries them later."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _update(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8")
        if not hmac.compare_digest(given, self._secret):
            _LOGGER.warning("webhook request refused: wrong or missing secret token")
            return web.Response(status=403)
        try:
            data = await request.json()
            update = Update.de_json(data, self._application.bot)
        except (ValueError, TypeError, KeyError):
            return web.Response(status=400)
        if update is None:
            return web.Response(status=400)
        await self._application.update_queue.put(update)
        return web.Response(status=200)

    async def _health(self, request: web.Request) -> web.Response:
        running = self._application.running
        return web.json_response(
            {"status": "ok" if running else "stopping"}, status=200 if running else 503
        )


async def serve_webhook(application: Application, settings: Settings, allowed: list[str]) -> None:
    """Run the bot in webhook mode until SIGINT or SIGTERM, then shut down gracefully."""
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    server = WebhookServer(application, settings)
    await application.initialize()
    try:
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        await server.start(allowed)
        where = (settings.webhook_listen, settings.webhook_port)
        _LOGGER.info("webhook mode: listening on %s:%s", *where)
        await stopping.wait()
        _LOGGER.info("shutting down: finishing the replies in flight")
        await server.stop()
        await application.stop()
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)
