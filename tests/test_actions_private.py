"""The action server started through scripts.actions_private fails an action without leaking.

rasa-sdk's own error answer carries the exception's message and the whole tracker, and
Rasa logs that answer. This starts the real entry point (as scripts/stack.py does) with a
throwaway action package whose action raises with the person's words in its message,
sends it a tracker holding those words, and reads both the answer and the server's log.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from scripts.stack import ROOT, default_environment, free_port

PRIVATE = "my secret words"
SENDER = "pseudonym-private-1"

FAILING_ACTIONS = '''
from rasa_sdk import Action


class ActionThatFails(Action):
    def name(self):
        return "action_that_fails"

    async def run(self, dispatcher, tracker, domain):
        words = tracker.latest_message["text"]
        raise RuntimeError(f"INSERT ... parameters: ({words!r},)")
'''


def _post(url: str, body: dict) -> tuple[int, str]:
    request = urllib.request.Request(url, json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _wait_until_up(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and server.poll() is None:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the action server did not start")


def test_a_failing_action_answers_and_logs_without_the_persons_words(tmp_path: Path) -> None:
    package = tmp_path / "failing_actions"
    package.mkdir()
    (package / "__init__.py").write_text(FAILING_ACTIONS, encoding="utf-8")
    port = free_port()
    env = default_environment(dict(os.environ))
    env["PYTHONPATH"] = os.pathsep.join([str(tmp_path), env["PYTHONPATH"]])
    log = tmp_path / "actions.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "scripts.actions_private", "--actions", "failing_actions",
             "--port", str(port)], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_up(f"http://127.0.0.1:{port}/health", server)
        status, body = _post(f"http://127.0.0.1:{port}/webhook", {
            "next_action": "action_that_fails",
            "sender_id": SENDER,
            "tracker": {"sender_id": SENDER, "slots": {},
                        "latest_message": {"text": PRIVATE, "intent": {}, "entities": []},
                        "events": [{"event": "user", "text": PRIVATE}], "active_loop": {}},
            "domain": {},
        })
    finally:
        server.terminate()
        server.wait(timeout=30)
    logged = log.read_text(encoding="utf-8", errors="replace")
    assert status == 500
    assert json.loads(body) == {"error": "RuntimeError"}
    assert "action failed: RuntimeError" in logged
    for private in (PRIVATE, SENDER):
        assert private not in body and private not in logged
