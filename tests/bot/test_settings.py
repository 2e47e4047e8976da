"""Settings: safe defaults, and a clear refusal when something required is missing."""

from __future__ import annotations

import pytest

from bot.settings import DEV_PSEUDONYM_KEY, Settings, SettingsError

TOKEN = "1234567:fake-token-for-tests"
KEY = "0123456789abcdef0123456789abcdef"


def settings(**env: str) -> Settings:
    return Settings.from_env(env)


def test_console_defaults_with_explicit_dev_key() -> None:
    s = settings(ALLOW_DEV_PSEUDONYM_KEY="1")
    assert s.mode == "console"
    assert s.pseudonym_key == DEV_PSEUDONYM_KEY and s.dev_pseudonym_key
    assert s.rasa_url == "http://127.0.0.1:5005"
    assert s.rasa_timeout_seconds == 8.0
    assert s.telegram_base_url is None and s.webhook_url is None
    assert s.log_level == "INFO"


def test_console_without_key_refuses_unless_dev_key_allowed() -> None:
    with pytest.raises(SettingsError, match="PSEUDONYM_KEY is not set.*ALLOW_DEV_PSEUDONYM_KEY=1"):
        settings()


@pytest.mark.parametrize("allow", ["", "0", "yes", "true"])
def test_only_the_exact_value_1_allows_the_dev_key(allow: str) -> None:
    with pytest.raises(SettingsError):
        settings(ALLOW_DEV_PSEUDONYM_KEY=allow)


def test_telegram_never_uses_the_dev_key() -> None:
    with pytest.raises(SettingsError, match="PSEUDONYM_KEY is required with TELEGRAM_BOT_TOKEN"):
        settings(TELEGRAM_BOT_TOKEN=TOKEN, ALLOW_DEV_PSEUDONYM_KEY="1")


def test_polling_mode_and_secrets_hidden_from_repr() -> None:
    s = settings(TELEGRAM_BOT_TOKEN=TOKEN, PSEUDONYM_KEY=KEY)
    assert s.mode == "polling"
    assert s.pseudonym_key == KEY.encode() and not s.dev_pseudonym_key
    assert TOKEN not in repr(s) and KEY not in repr(s)


def test_empty_values_count_as_unset() -> None:
    s = settings(TELEGRAM_BOT_TOKEN="", PSEUDONYM_KEY=KEY, RASA_URL="", WEBHOOK_URL=" ")
    assert s.mode == "console" and s.rasa_url == "http://127.0.0.1:5005"


def test_malformed_token_is_refused_without_echoing_it() -> None:
    with pytest.raises(SettingsError) as caught:
        settings(TELEGRAM_BOT_TOKEN="not-a-token-secret", PSEUDONYM_KEY=KEY)
    assert "not-a-token-secret" not in str(caught.value)


def test_short_key_is_refused() -> None:
    with pytest.raises(SettingsError, match="too short"):
        settings(PSEUDONYM_KEY="short")


def test_webhook_mode() -> None:
    s = settings(
        TELEGRAM_BOT_TOKEN=TOKEN,
        PSEUDONYM_KEY=KEY,
        WEBHOOK_URL="https://bot.example.org/telegram/hook",
        WEBHOOK_SECRET="s3cret_value-1",
        WEBHOOK_PORT="8080",
    )
    assert s.mode == "webhook"
    assert s.webhook_path == "telegram/hook" and s.webhook_port == 8080
    assert "s3cret_value-1" not in repr(s)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"WEBHOOK_URL": "https://bot.example.org/hook"}, "WEBHOOK_SECRET is required"),
        (
            {"WEBHOOK_URL": "https://bot.example.org/hook", "WEBHOOK_SECRET": "has space"},
            "WEBHOOK_SECRET may only hold",
        ),
        (
            {"WEBHOOK_URL": "http://bot.example.org/hook", "WEBHOOK_SECRET": "abc"},
            "must start with https://",
        ),
        ({"RASA_URL": "localhost:5005"}, "RASA_URL must be an http"),
        ({"TELEGRAM_BASE_URL": "ftp://x"}, "TELEGRAM_BASE_URL must be an http"),
        ({"RASA_TIMEOUT_SECONDS": "soon"}, "RASA_TIMEOUT_SECONDS must be a number"),
        ({"RASA_TIMEOUT_SECONDS": "0"}, "more than 0"),
        ({"WEBHOOK_PORT": "99999"}, "WEBHOOK_PORT must be a port"),
        ({"LOG_LEVEL": "chatty"}, "LOG_LEVEL must be one of"),
    ],
)
def test_malformed_values_are_refused_with_a_clear_message(env: dict, message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        settings(TELEGRAM_BOT_TOKEN=TOKEN, PSEUDONYM_KEY=KEY, **env)


def test_webhook_needs_a_token() -> None:
    with pytest.raises(SettingsError, match="TELEGRAM_BOT_TOKEN is not"):
        settings(PSEUDONYM_KEY=KEY, WEBHOOK_URL="https://x.org/h", WEBHOOK_SECRET="abc")


def test_plain_http_webhook_allowed_against_a_local_api_server() -> None:
    s = settings(
        TELEGRAM_BOT_TOKEN=TOKEN,
        PSEUDONYM_KEY=KEY,
        TELEGRAM_BASE_URL="http://127.0.0.1:8081",
        WEBHOOK_URL="http://127.0.0.1:8443/hook",
        WEBHOOK_SECRET="abc",
    )
    assert s.mode == "webhook"


def test_values_are_normalised() -> None:
    s = settings(
        PSEUDONYM_KEY=KEY,
        RASA_URL="http://rasa:5005/",
        RASA_TIMEOUT_SECONDS="2.5",
        LOG_LEVEL="debug",
    )
    assert s.rasa_url == "http://rasa:5005"
    assert s.rasa_timeout_seconds == 2.5
    assert s.log_level == "DEBUG"


def test_reads_os_environ_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.setenv("PSEUDONYM_KEY", KEY)
    monkeypatch.setenv("RASA_URL", "http://10.0.0.2:5005")
    assert Settings.from_env().rasa_url == "http://10.0.0.2:5005"
