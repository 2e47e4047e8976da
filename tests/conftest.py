"""Session fixtures: the real action server and Rasa server, started once per test run.

Rasa needs about a minute to load a model, so every test that goes through the
stack shares one instance, on free ports and with its own throwaway databases.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

import pytest

from scripts.stack import ROOT, STACK_KEYS, Stack, free_port


def start_stack(var_dir: Path) -> Stack:
    """An action server and a Rasa server on free ports, with their databases in `var_dir`."""
    if not list((ROOT / "models").glob("*.tar.gz")):
        pytest.fail("No trained model: run `make train` (or `make test`, which trains).")
    env = {key: value for key, value in os.environ.items() if key not in STACK_KEYS}
    env.update(RASA_PORT=str(free_port()), ACTION_PORT=str(free_port()), VAR_DIR=str(var_dir))
    return Stack(env).start()


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    running = start_stack(tmp_path_factory.mktemp("var"))
    yield running
    running.stop()


@pytest.fixture(scope="session")
def rasa_url(stack: Stack) -> str:
    return stack.rasa_url
