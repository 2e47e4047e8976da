"""Session fixtures: the real action server and Rasa server, started once per test run.

Rasa needs about a minute to load a model, so every test that goes through the
stack shares one instance, on free ports and with its own throwaway databases.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Iterator

import pytest

from scripts.stack import ROOT, Stack

STACK_KEYS = (
    "RASA_PORT", "ACTION_PORT", "ACTION_SERVER_URL", "RASA_URL", "VAR_DIR",
    "TRACKER_DB_URL", "AUDIT_DB_URL",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    if not list((ROOT / "models").glob("*.tar.gz")):
        pytest.fail("No trained model: run `make train` (or `make test`, which trains).")
    var_dir: Path = tmp_path_factory.mktemp("var")
    env = {key: value for key, value in os.environ.items() if key not in STACK_KEYS}
    env.update(RASA_PORT=str(free_port()), ACTION_PORT=str(free_port()), VAR_DIR=str(var_dir))
    running = Stack(env).start()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def rasa_url(stack: Stack) -> str:
    return stack.rasa_url
