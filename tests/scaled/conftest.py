"""The scaled layout for tests: real PostgreSQL, Redis, nginx, two Rasa and two action servers.

Started once per test run on free loopback ports, with its data in a fresh
folder under var/ (PostgreSQL runs as the `postgres` user, who cannot enter
pytest's private temporary folders), and removed afterwards. The servers' logs
and nginx's log of failed exchanges are kept in var/scaled-test-logs/ (the last
run's only): when a turn is lost, they say where.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.scaled.stack import Layout, ScaledStack
from scripts.stack import ROOT, free_port


@pytest.fixture(scope="session")
def scaled() -> Iterator[ScaledStack]:
    if not list((ROOT / "models").glob("*.tar.gz")):
        pytest.fail("No trained model: run `make train` (or `make test`, which trains).")
    base = ROOT / "var" / "scaled-test"
    shutil.rmtree(base, ignore_errors=True)
    layout = Layout(
        base=base,
        postgres_port=free_port(),
        redis_port=free_port(),
        rasa_front=free_port(),
        action_front=free_port(),
        rasa_ports=(free_port(), free_port()),
        action_ports=(free_port(), free_port()),
    )
    stack = ScaledStack(layout).start()
    yield stack
    stack.stop()
    keep_logs(base, ROOT / "var" / "scaled-test-logs")
    shutil.rmtree(base, ignore_errors=True)


def keep_logs(base: Path, kept: Path) -> None:
    """Copy the servers' and nginx's logs out of `base` before it is removed."""
    shutil.rmtree(kept, ignore_errors=True)
    kept.mkdir(parents=True)
    for log in [*(base / "log").glob("*.log"), *(base / "nginx").glob("*.log")]:
        shutil.copy(log, kept / log.name)
