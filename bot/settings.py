"""Configuration of the bot process, read once from the environment.

Failing fast matters more than starting: a bot that starts with a missing
pseudonym key would send Telegram ids (or an unkeyed hash of them) to Rasa, and
a webhook without a secret would accept updates from anyone. So every check
happens here, before anything connects, with a message that says what to set.
Secrets never appear in error messages or in ``repr``.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

from common.db_urls import database_url
from personal.privacy import Retention, retention_from_env

Mode = Literal["console", "polling", "webhook"]

DEFAULT_RASA_URL = "http://127.0.0.1:5005"
DEFAULT_RASA_TIMEOUT_SECONDS = 8.0
DEFAULT_WEBHOOK_PORT = 8443
DEFAULT_WEBHOOK_LISTEN = "127.0.0.1"
MIN_KEY_LENGTH = 16

# Used only when the console is started with ALLOW_DEV_PSEUDONYM_KEY=1 and no
# PSEUDONYM_KEY; its name says what it is so it is never mistaken for a secret.
DEV_PSEUDONYM_KEY = b"dev-only-console-pseudonym-key-not-secret"

_TOKEN = re.compile(r"^\d+:[A-Za-z0-9_-]{20,}$")
# Telegram accepts 1-256 characters A-Z, a-z, 0-9, _ and - as a webhook secret.
_WEBHOOK_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_KEY_HINT = 'generate one with: python -c "import secrets; print(secrets.token_hex(32))"'


class SettingsError(ValueError):
    """A variable is missing or malformed; the message names it and how to fix it."""


@dataclass(frozen=True)
class Settings:
    """Everything the bot process needs, validated; build it with `from_env`."""

    pseudonym_key: bytes = field(repr=False)  # PSEUDONYM_KEY
    telegram_token: str | None = field(default=None, repr=False)  # TELEGRAM_BOT_TOKEN
    rasa_url: str = DEFAULT_RASA_URL  # RASA_URL: the Rasa server root
    rasa_timeout_seconds: float = DEFAULT_RASA_TIMEOUT_SECONDS  # RASA_TIMEOUT_SECONDS
    # TELEGRAM_BASE_URL: a Bot API root such as http://127.0.0.1:8081 (a local Bot API
    # server, or the tests' fake); "/bot<token>/<method>" is appended to it.
    telegram_base_url: str | None = None
    webhook_url: str | None = None  # WEBHOOK_URL: the public https URL Telegram posts to
    webhook_secret: str | None = field(default=None, repr=False)  # WEBHOOK_SECRET
    webhook_port: int = DEFAULT_WEBHOOK_PORT  # WEBHOOK_PORT: where the local server listens
    webhook_listen: str = DEFAULT_WEBHOOK_LISTEN  # WEBHOOK_LISTEN: its interface
    log_level: str = "INFO"  # LOG_LEVEL
    dev_pseudonym_key: bool = False  # True only with ALLOW_DEV_PSEUDONYM_KEY=1 in the console
    # CONVERSATION_RETENTION_DAYS, PERSONAL_RETENTION_DAYS: what the pruning job deletes and
    # what the privacy notice says (personal/privacy.py parses both, for both processes).
    retention: Retention = field(default_factory=Retention)
    # TRACKER_DB_URL, PERSONAL_DB_URL, REMINDERS_DB_URL: the stores bot/ reaches (reminders,
    # and the pruning job); unset means the SQLite files under VAR_DIR the servers use.
    tracker_db_url: str | None = field(default=None, repr=False)
    personal_db_url: str | None = field(default=None, repr=False)
    reminders_db_url: str | None = field(default=None, repr=False)

    def reminders_database(self) -> str:
        """Where the reminder table lives (settings built by hand fall back to VAR_DIR)."""
        return self.reminders_db_url or database_url("REMINDERS_DB_URL", "reminders.db")

    @property
    def mode(self) -> Mode:
        """Console without a token, webhook when a webhook URL is set, else polling."""
        if self.telegram_token is None:
            return "console"
        return "webhook" if self.webhook_url else "polling"

    @property
    def webhook_path(self) -> str:
        """The path part of WEBHOOK_URL, which is where the local server listens."""
        return urlsplit(self.webhook_url or "").path.lstrip("/")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read and check the environment (``os.environ`` unless `env` is given)."""
        env = os.environ if env is None else env
        token = _optional(env, "TELEGRAM_BOT_TOKEN")
        if token is not None and not _TOKEN.match(token):
            raise SettingsError(
                "TELEGRAM_BOT_TOKEN does not look like a bot token (digits, a colon, then "
                "letters): copy it again from @BotFather"
            )
        key, dev_key = _pseudonym_key(env, console=token is None)
        base_url = _optional(env, "TELEGRAM_BASE_URL")
        if base_url is not None:
            _require_http_url("TELEGRAM_BASE_URL", base_url)
        webhook_url, webhook_secret = _webhook(env, token, local_api=base_url is not None)
        return cls(
            pseudonym_key=key,
            telegram_token=token,
            rasa_url=_rasa_url(env),
            rasa_timeout_seconds=_positive_float(
                env, "RASA_TIMEOUT_SECONDS", DEFAULT_RASA_TIMEOUT_SECONDS
            ),
            telegram_base_url=base_url,
            webhook_url=webhook_url,
            webhook_secret=webhook_secret,
            webhook_port=_port(env, "WEBHOOK_PORT", DEFAULT_WEBHOOK_PORT),
            webhook_listen=_optional(env, "WEBHOOK_LISTEN") or DEFAULT_WEBHOOK_LISTEN,
            log_level=_log_level(env),
            dev_pseudonym_key=dev_key,
            retention=_retention(env),
            tracker_db_url=database_url("TRACKER_DB_URL", "tracker.db", env),
            personal_db_url=database_url("PERSONAL_DB_URL", "personal.db", env),
            reminders_db_url=database_url("REMINDERS_DB_URL", "reminders.db", env),
        )


def _retention(env: Mapping[str, str]) -> Retention:
    try:
        return retention_from_env(env)
    except ValueError as exc:
        raise SettingsError(str(exc)) from None


def _optional(env: Mapping[str, str], name: str) -> str | None:
    """An unset and an empty variable mean the same: not given."""
    value = env.get(name, "").strip()
    return value or None


def _pseudonym_key(env: Mapping[str, str], *, console: bool) -> tuple[bytes, bool]:
    key = _optional(env, "PSEUDONYM_KEY")
    if key is not None:
        if len(key) < MIN_KEY_LENGTH:
            raise SettingsError(
                f"PSEUDONYM_KEY is too short (at least {MIN_KEY_LENGTH} characters); {_KEY_HINT}"
            )
        return key.encode("utf-8"), False
    allow_dev = _optional(env, "ALLOW_DEV_PSEUDONYM_KEY") == "1"
    if console and allow_dev:
        return DEV_PSEUDONYM_KEY, True
    if console:
        raise SettingsError(
            "PSEUDONYM_KEY is not set. Set it (" + _KEY_HINT + "), or for a local console "
            "chat only, set ALLOW_DEV_PSEUDONYM_KEY=1 to use a fixed development key"
        )
    raise SettingsError(
        "PSEUDONYM_KEY is required with TELEGRAM_BOT_TOKEN (ALLOW_DEV_PSEUDONYM_KEY only "
        f"applies to the console); {_KEY_HINT}. Keep it stable: changing it starts every "
        "person's history afresh"
    )


def _rasa_url(env: Mapping[str, str]) -> str:
    url = (_optional(env, "RASA_URL") or DEFAULT_RASA_URL).rstrip("/")
    _require_http_url("RASA_URL", url)
    return url


def _require_http_url(name: str, url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SettingsError(f"{name} must be an http(s) URL such as http://127.0.0.1:5005")


def _webhook(
    env: Mapping[str, str], token: str | None, *, local_api: bool
) -> tuple[str | None, str | None]:
    url = _optional(env, "WEBHOOK_URL")
    if url is None:
        return None, None
    if token is None:
        raise SettingsError("WEBHOOK_URL is set but TELEGRAM_BOT_TOKEN is not")
    _require_http_url("WEBHOOK_URL", url)
    if not local_api and not url.startswith("https://"):
        raise SettingsError("WEBHOOK_URL must start with https:// (Telegram requires TLS)")
    secret = _optional(env, "WEBHOOK_SECRET")
    if secret is None:
        raise SettingsError(
            "WEBHOOK_SECRET is required with WEBHOOK_URL, so that only Telegram can post "
            "updates; use 32 or more letters, digits, _ or -"
        )
    if not _WEBHOOK_SECRET.match(secret):
        raise SettingsError("WEBHOOK_SECRET may only hold letters, digits, _ and - (1-256)")
    return url, secret


def _positive_float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = _optional(env, name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number of seconds, got {raw!r}") from None
    if not 0 < value <= 300:
        raise SettingsError(f"{name} must be more than 0 and at most 300 seconds")
    return value


def _port(env: Mapping[str, str], name: str, default: int) -> int:
    raw = _optional(env, name)
    if raw is None:
        return default
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise SettingsError(f"{name} must be a port number between 1 and 65535")
    return int(raw)


def _log_level(env: Mapping[str, str]) -> str:
    level = (_optional(env, "LOG_LEVEL") or "INFO").upper()
    if level not in _LOG_LEVELS:
        raise SettingsError("LOG_LEVEL must be one of " + ", ".join(_LOG_LEVELS))
    return level


def configured() -> Settings | None:
    """The settings, with logging set up; None (the error printed) when they are wrong.

    Every entry point of the bot process starts the same way: read, fail fast with a
    message that says what to set, then log at the configured level.
    """
    from bot.logs import configure_logging

    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        print(f"Configuration error: {exc}", file=sys.stderr)
        return None
    configure_logging(settings.log_level)
    return settings
