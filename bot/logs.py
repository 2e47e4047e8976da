"""Logging that never carries message text, Telegram ids or the bot token.

httpx logs every request URL at INFO, and Telegram request URLs contain the
token; python-telegram-bot logs whole updates (with what people wrote) at
DEBUG. Those loggers are held at a level where they cannot do either, whatever
LOG_LEVEL says.
"""

from __future__ import annotations

import logging

# Loggers whose lower levels would leak a token URL or an update's content.
QUIET_LOGGERS = {
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "telegram": logging.INFO,
    "telegram.ext": logging.INFO,
    "tornado.access": logging.WARNING,
    "aiohttp.access": logging.WARNING,
}


def quiet_leaky_loggers() -> None:
    """Raise the leaky loggers to their safe level (never lower them)."""
    for name, floor in QUIET_LOGGERS.items():
        logger = logging.getLogger(name)
        logger.setLevel(max(floor, logger.getEffectiveLevel()))


def configure_logging(level: str) -> None:
    """Root logging for the bot process, then the leaky loggers quieted."""
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True
    )
    quiet_leaky_loggers()
