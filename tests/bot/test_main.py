"""`python -m bot` chooses its mode from the environment and refuses unsafe configuration."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.console import BANNER
from bot.logs import QUIET_LOGGERS, configure_logging

ROOT = Path(__file__).resolve().parents[2]
CLEARED = ("TELEGRAM_BOT_TOKEN", "PSEUDONYM_KEY", "ALLOW_DEV_PSEUDONYM_KEY", "WEBHOOK_URL")


def run_bot(stdin: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in CLEARED}
    environment.update(env, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "bot"],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment,
        timeout=60,
    )


def test_refuses_to_start_without_a_pseudonym_key() -> None:
    result = run_bot("")
    assert result.returncode == 2
    assert "PSEUDONYM_KEY is not set" in result.stderr


def test_console_mode_without_a_token_and_quit_ends_it() -> None:
    result = run_bot("quit\n", ALLOW_DEV_PSEUDONYM_KEY="1")
    assert result.returncode == 0, result.stderr
    assert BANNER in result.stdout
    assert "development pseudonym key" in result.stdout


def test_end_of_input_ends_the_console() -> None:
    result = run_bot("", ALLOW_DEV_PSEUDONYM_KEY="1")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("level", ["DEBUG", "INFO", "ERROR"])
def test_leaky_loggers_stay_quiet_whatever_the_level(level: str) -> None:
    root = logging.getLogger()
    handlers, root_level = root.handlers[:], root.level
    configure_logging(level)
    try:
        for name, floor in QUIET_LOGGERS.items():
            effective = logging.getLogger(name).getEffectiveLevel()
            assert effective >= floor
            assert effective >= logging.getLevelName(level)
    finally:
        root.handlers[:] = handlers
        root.setLevel(root_level)
        for name in QUIET_LOGGERS:
            logging.getLogger(name).setLevel(logging.NOTSET)
