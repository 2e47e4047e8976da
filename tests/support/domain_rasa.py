"""A stand-in for the trained Rasa server, answering from the domain for a few intents.

Only for developing the end-to-end tests without a trained model (set
BOT_E2E_STANDIN=1): it knows the conversation rules those tests walk through
(welcome and menu on a first hello, capabilities then menu, thanks, help),
answers with the exact responses in the domain, and adds random delays so
that ordering bugs in bot/ show. The real tests run against the real stack.
"""

from __future__ import annotations

import asyncio
import random
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import yaml

from safety.failsafe import failsafe_reply
from tests.support.domain_files import responses
from tests.support.fake_rasa import Body, FakeRasa

ROOT = Path(__file__).resolve().parents[2]


def _examples(intent: str) -> set[str]:
    """Every training example of `intent`, from all its blocks in data/nlu."""
    found: set[str] = set()
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for item in yaml.safe_load(path.read_text()).get("nlu") or []:
            if item.get("intent") == intent:
                found |= {line[2:].strip() for line in item["examples"].splitlines()
                          if line.strip()}
    return found


def _is_crisis(text: str) -> bool:
    from safety.detector import get_detector

    return bool(get_detector().detect(text).is_crisis)


class DomainResponder:
    def __init__(self) -> None:
        self.responses: dict[str, Any] = responses()
        self.intents = {name: _examples(name) for name in ("greet", "thank", "ask_capabilities")}
        self.greeted: set[str] = set()
        # Seeded: answer times vary like a real Rasa's, and the same way on every run.
        self.jitter = random.Random(7)

    def utter(self, *names: str) -> list[Body]:
        """As Rasa's REST channel: a text-only response goes out one paragraph at a time."""
        replies: list[Body] = []
        for name in names:
            response = self.responses[name][0]
            if response.get("buttons"):
                replies.append({"text": response["text"], "buttons": response["buttons"]})
            else:
                replies.extend({"text": part} for part in response["text"].strip().split("\n\n"))
        return replies

    def intent_of(self, message: str) -> str:
        if message.startswith("/"):
            return message[1:].split("{", 1)[0]
        lowered = message.lower().strip()
        for name, examples in self.intents.items():
            if lowered in examples:
                return name
        return "nlu_fallback"

    async def __call__(self, body: Body) -> list[Body]:
        await asyncio.sleep(self.jitter.uniform(0, 0.03))
        intent, sender = self.intent_of(body["message"]), body["sender"]
        if intent == "nlu_fallback" and _is_crisis(body["message"]):
            # What action_respond_crisis does, near enough for a stand-in.
            at = datetime.now(timezone.utc)
            return [{"text": text} for text in failsafe_reply(body["message"], at, record=False)]
        if intent == "greet":
            first = sender not in self.greeted
            self.greeted.add(sender)
            return self.utter("utter_welcome" if first else "utter_greet_back", "utter_menu")
        answers = {
            "show_menu": ("utter_menu",),
            "ask_capabilities": ("utter_capabilities", "utter_menu"),
            "ask_help": ("utter_help",),
            "thank": ("utter_you_are_welcome",),
        }
        return self.utter(*answers.get(intent, ("utter_default",)))


@contextmanager
def domain_rasa_in_thread() -> Iterator[str]:
    """Run the stand-in on its own event loop in a thread (it outlives test loops)."""
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    holder: dict[str, Any] = {}

    async def serve() -> None:
        async with FakeRasa(DomainResponder()) as rasa:
            holder["url"], holder["stop"] = rasa.url, asyncio.Event()
            ready.set()
            await holder["stop"].wait()

    thread = threading.Thread(target=loop.run_until_complete, args=(serve(),), daemon=True)
    thread.start()
    ready.wait(10)
    try:
        yield holder["url"]
    finally:
        loop.call_soon_threadsafe(holder["stop"].set)
        thread.join(10)
        loop.close()
