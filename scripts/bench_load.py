"""Simulated people for the benchmark, driven through Rasa's REST channel or through bot/
and the fake Telegram server, with latencies and losses counted, per message type too.

Two mixes:
- `ISSUE_MIX` (issue 16): "hello", "I feel anxious", "can we do a breathing exercise",
  "find a group for carers in Fife", "thanks", in turn, each message the first of a new
  conversation. The same for this bot and Rasa's starter bot, so they compare.
- `message_mix()`: a realistic mix (greetings, exercises, searches, check-ins) in which
  about one message in ten is crisis language from the held-out evaluation set; each
  simulated person sends a short conversation on one sender.

Each simulated person sends one message at a time, waiting for the answer before the
next (as a person on a phone does).
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from dataclasses import dataclass, field
from itertools import cycle
from pathlib import Path
from typing import Any

import httpx

from scripts.crisis_scoring import load_examples, percentile

ROOT = Path(__file__).resolve().parent.parent
CRISIS_SET = ROOT / "tests" / "evaluation" / "crisis.yml"
CRISIS_SHARE = 0.1
TIMEOUT_SECONDS = 30.0

# What people send, by kind; crisis messages are added from the held-out set.
MIX: dict[str, tuple[str, ...]] = {
    "greeting": ("hi", "hello there", "hiya", "morning", "hey, it's me again"),
    "exercise": (
        "can we do a breathing exercise",
        "show me some exercises",
        "something to help me calm down",
        "i'd like to try grounding",
    ),
    "search": (
        "is there a support group in glasgow",
        "find me a peer support group near edinburgh",
        "any groups for carers in dundee",
    ),
    "checkin": (
        "i'd like to check in",
        "feeling a bit better today",
        "pretty low today tbh",
        "aye not bad",
    ),
    "other": ("thanks", "how do i use this", "menu", "what can you do", "naw", "yeah go on"),
}


@dataclass(frozen=True)
class Message:
    kind: str
    text: str


# Issue 16's mix: the turns people actually take, each its own message type.
ISSUE_MIX: tuple[Message, ...] = (
    Message("hello", "hello"),
    Message("feeling", "I feel anxious"),
    Message("exercise", "can we do a breathing exercise"),
    Message("search", "find a group for carers in Fife"),
    Message("thanks", "thanks"),
)


def crisis_mix(every: int = 10, seed: int = 7) -> list[Message]:
    """The issue mix with one held-out crisis message in every `every` (crisis p95 at load)."""
    rng = random.Random(seed)
    crisis = [Message("crisis", e.text) for e in load_examples(CRISIS_SET, True)]
    ordinary = list(ISSUE_MIX) * (every - 1)
    mix: list[Message] = []
    for index, message in enumerate(ordinary):
        mix.append(message)
        if index % (every - 1) == every - 2:
            mix.append(rng.choice(crisis))
    return mix


def message_mix(seed: int = 7) -> list[Message]:
    """A shuffled list of messages in which about one in ten is crisis language."""
    rng = random.Random(seed)
    ordinary = [Message(kind, text) for kind, texts in MIX.items() for text in texts]
    crisis = [Message("crisis", e.text) for e in load_examples(CRISIS_SET, True)]
    count_crisis = round(len(ordinary) * CRISIS_SHARE / (1 - CRISIS_SHARE))
    mix = ordinary + rng.sample(crisis, count_crisis)
    rng.shuffle(mix)
    return mix


@dataclass
class Result:
    """What one run measured; `lost` are messages that never got any answer."""

    name: str
    people: int
    sent: int = 0
    errors: int = 0
    lost: int = 0
    empty: int = 0  # REST: HTTP 200 with no message at all (bot/ answers those itself)
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    crisis_ms: list[float] = field(default_factory=list)
    crisis_with_999: int = 0
    by_kind: dict[str, list[float]] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        def pct(values: list[float], p: float) -> float | None:
            value = percentile(values, p)
            return None if value is None else round(value, 1)

        return {
            "name": self.name,
            "people": self.people,
            "sent": self.sent,
            "answered": len(self.latencies_ms),
            "errors": self.errors,
            "lost": self.lost,
            "empty_replies": self.empty,
            "throughput_msg_s": round(self.sent / self.seconds, 1) if self.seconds else None,
            "p50_ms": pct(self.latencies_ms, 50),
            "p95_ms": pct(self.latencies_ms, 95),
            "p99_ms": pct(self.latencies_ms, 99),
            "crisis_sent": len(self.crisis_ms),
            "crisis_p95_ms": pct(self.crisis_ms, 95),
            "crisis_with_999": self.crisis_with_999,
            "by_kind": {
                kind: {"answered": len(values), "p50_ms": pct(values, 50),
                       "p95_ms": pct(values, 95)}
                for kind, values in self.by_kind.items()
            },
        }

    def record(self, message: Message, elapsed_ms: float | None, reply_text: str = "") -> None:
        """One message sent; `elapsed_ms` is None when no answer ever came."""
        self.sent += 1
        if elapsed_ms is None:
            self.lost += 1
            return
        self.latencies_ms.append(elapsed_ms)
        self.by_kind.setdefault(message.kind, []).append(elapsed_ms)
        if message.kind == "crisis":
            self.crisis_ms.append(elapsed_ms)
            self.crisis_with_999 += "999" in reply_text


def _since(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def _conversations(
    people: int, total: int, mix: list[Message] | None = None
) -> list[list[Message]]:
    """`total` messages from the mix (the realistic one by default), dealt out to `people`."""
    messages = cycle(mix or message_mix())
    dealt: list[list[Message]] = [[] for _ in range(people)]
    for index in range(total):
        dealt[index % people].append(next(messages))
    return dealt


async def rest_load(
    rasa_url: str, people: int, total: int, name: str,
    mix: list[Message] | None = None, new_conversation_each: bool = False,
) -> Result:
    """`people` concurrent senders through the REST channel, `total` messages in all.

    `mix` is the realistic one unless given; with `new_conversation_each` every message
    goes from a new sender (the first message of a new conversation).
    """
    result = Result(name, people)
    limits = httpx.Limits(max_connections=people, max_keepalive_connections=people)
    async with httpx.AsyncClient(base_url=rasa_url, timeout=TIMEOUT_SECONDS, limits=limits) as c:

        async def person(conversation: list[Message]) -> None:
            sender = uuid.uuid4().hex
            for message in conversation:
                if new_conversation_each:
                    sender = uuid.uuid4().hex
                started = time.perf_counter()
                try:
                    reply = await c.post(
                        "/webhooks/rest/webhook", json={"sender": sender, "message": message.text}
                    )
                    body = reply.json() if reply.status_code == 200 else None
                except (httpx.HTTPError, ValueError):
                    body = None
                elapsed = _since(started)
                if body is None:
                    result.errors += 1
                elif not body:
                    result.empty += 1
                texts = [r.get("text") or "" for r in body or [] if isinstance(r, dict)]
                result.record(message, elapsed if body else None, " ".join(texts))

        began = time.perf_counter()
        await asyncio.gather(*(person(conv) for conv in _conversations(people, total, mix)))
        result.seconds = time.perf_counter() - began
    return result


async def bot_load(rasa_url: str, people: int, total: int, name: str) -> Result:
    """The same, through bot/ (python-telegram-bot polling the fake Telegram server).

    Latency is from the update being offered to the first message of the answer
    arriving at the fake server; the person then waits until the bot has been quiet
    in their chat for `QUIET_SECONDS` (the rest of the answer) before typing again.
    """
    from bot.pseudonym import Pseudonymizer
    from bot.rasa_client import RasaClient
    from bot.services import Services
    from testkit import telegram_updates as tu
    from testkit.bot_harness import TEST_PSEUDONYM_KEY, bot_settings, running_bot
    from testkit.fake_telegram import FakeTelegram

    result = Result(name, people)
    first_id = 2_000_000_000 + int(time.time()) % 100_000_000
    async with FakeTelegram() as telegram:
        settings = bot_settings(telegram, rasa_url, rasa_timeout_seconds=TIMEOUT_SECONDS)
        services = Services(
            RasaClient(rasa_url, TIMEOUT_SECONDS), Pseudonymizer(TEST_PSEUDONYM_KEY)
        )
        async with running_bot(settings, services):

            async def person(user: int, conversation: list[Message]) -> None:
                for message in conversation:
                    before = len(telegram.sent_to(user))
                    started = time.perf_counter()
                    telegram.feed(tu.text_update(user, message.text))
                    try:
                        await telegram.wait_for(
                            lambda before=before: len(telegram.sent_to(user)) > before,
                            TIMEOUT_SECONDS,
                        )
                    except asyncio.TimeoutError:
                        result.record(message, None)
                        continue
                    elapsed = _since(started)
                    await _until_quiet(telegram, user)
                    reply = " ".join(c.plain_text or "" for c in telegram.sent_to(user)[before:])
                    result.record(message, elapsed, reply)

            began = time.perf_counter()
            conversations = _conversations(people, total)
            await asyncio.gather(
                *(person(first_id + n, conv) for n, conv in enumerate(conversations))
            )
            result.seconds = time.perf_counter() - began
    return result


QUIET_SECONDS = 0.25


async def _until_quiet(telegram: Any, user: int) -> None:
    count = -1
    while count != (count := len(telegram.sent_to(user))):
        await asyncio.sleep(QUIET_SECONDS)


def rss_mb(pid: int | None) -> float | None:
    """Resident memory of a process in MB, from /proc (None if it is gone)."""
    if pid is None:
        return None
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return None
