"""Rasa started through scripts.rasa_private logs a failed turn without what the person wrote.

The Rasa servers of every layout are started as `python -m scripts.rasa_private
...` (scripts/stack.py). This runs that entry point for real in a child process
(with `rasa telemetry`, the cheapest command that goes through Rasa's whole
start-up and its structlog set-up), then logs the REST channel's own "turn timed
out" entry, which carries the message text. If the entry point stops installing
the redaction before Rasa configures its logs, the text shows and the test fails.
"""

from __future__ import annotations

import os
import subprocess
import sys

from scripts.rasa_private import REDACTED
from scripts.stack import ROOT, default_environment

PRIVATE_TEXT = "i want to die"

CHILD = f"""
import runpy, sys
sys.argv = ["rasa", "telemetry"]
runpy.run_module("scripts.rasa_private", run_name="__main__")
from rasa.core.channels import rest
rest.structlogger.error("rest.message.received.timeout", text={PRIVATE_TEXT!r})
"""


def test_a_failed_turn_is_logged_without_what_the_person_wrote() -> None:
    env = default_environment(dict(os.environ, RASA_TELEMETRY_ENABLED="false"))
    done = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", CHILD], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=300,
    )
    logged = done.stdout + done.stderr
    assert done.returncode == 0, logged
    [entry] = [line for line in logged.splitlines() if "rest.message.received.timeout" in line]
    assert PRIVATE_TEXT not in logged
    assert REDACTED in entry
