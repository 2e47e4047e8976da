"""Fixtures for bot/ tests: a fake Telegram server and a private audit database."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from testkit.bot_harness import bot_settings, running_bot
from testkit.fake_telegram import FakeTelegram


@pytest.fixture(autouse=True)
def private_audit_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Crisis answers given by bot/ are counted; count them in a throwaway file."""
    monkeypatch.setenv("AUDIT_DB_URL", f"sqlite:///{tmp_path / 'audit.db'}")


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as fake:
        yield fake


@pytest.fixture
async def stack_bot(telegram: FakeTelegram, rasa_url: str) -> AsyncIterator[FakeTelegram]:
    """bot/ polling the fake Telegram server, in front of the real Rasa and action server."""
    settings = bot_settings(telegram, rasa_url, rasa_timeout_seconds=30.0)
    async with running_bot(settings):
        yield telegram


if os.environ.get("BOT_E2E_STANDIN") == "1":
    # Only while developing without a trained model: replaces the real stack's
    # `rasa_url` (tests/conftest.py) for tests/bot with a stand-in that answers
    # from domain.yml. Never set in CI.

    @pytest.fixture(scope="session")
    def rasa_url() -> Iterator[str]:
        from tests.support.domain_rasa import domain_rasa_in_thread

        with domain_rasa_in_thread() as url:
            yield url
