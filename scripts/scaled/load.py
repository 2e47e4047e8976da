"""A small load driver: simulated people talking to Rasa the way bot/ does, timed.

Each person sends their messages one after another (as a person waits for an
answer); people run concurrently. Every message goes through bot/'s own
`RasaClient` and `ask_rasa`, so a failed or timed-out Rasa call is answered
by bot/'s fail-safe exactly as in production. A recording transport notes, per
HTTP exchange, the status, which upstream nginx chose (`X-Upstream`) and how
many messages Rasa returned, so tests can tell a Rasa answer from a fail-safe
one and prove where each message went.

    python -m scripts.scaled.load --rasa-url http://127.0.0.1:5005 --people 10 --messages 20

This is the driver for the scaled tests and for profiling; `make bench` is the
project benchmark.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import partial
from pathlib import Path
from typing import Awaitable, Callable, Dict, List, Sequence

import httpx

from bot.conversation import ask_rasa
from bot.rasa_client import RasaClient
from bot.safety_bridge import failsafe_messages, warm_up
from bot.services import Services
from scripts.crisis_scoring import load_examples, percentile

ROOT = Path(__file__).resolve().parent.parent.parent
CRISIS_SET = ROOT / "tests" / "evaluation" / "crisis.yml"

# What people write most of the time; crisis messages are mixed in by share.
EVERYDAY = (
    "hiya", "hello there", "menu", "what can you do", "im feeling pretty low today",
    "dead anxious about tomorrow", "my gran died last month", "thanks", "aye", "naw",
    "dunno", "can i talk to someone", "are you a real person", "what do you keep about me",
    "feeling a bit better now", "cheers, bye",
)


# The held-out category every part must answer with the crisis contacts (gated at 100%);
# the others are the crisis evaluation's business (`make evaluate`).
MUST_ANSWER = ("explicit",)


def crisis_texts(categories: Sequence[str] | None = None) -> List[str]:
    """Held-out crisis messages, all of them or those of `categories`."""
    return [
        example.text for example in load_examples(CRISIS_SET, True)
        if categories is None or example.category in categories
    ]


@dataclass
class Exchange:
    """One HTTP request to the Rasa front, as the client saw it."""

    status: int | None  # None: no response (refused, reset, timed out)
    upstream: str | None
    replies: int


@dataclass
class Turn:
    """One message of one person, and what came back."""

    person: int
    index: int
    text: str
    crisis: bool
    answer: List[str]
    started: float  # time.perf_counter() when the message was sent
    millis: float
    exchanges: List[Exchange]

    @property
    def by_rasa(self) -> bool:
        """Answered by Rasa (else bot/'s fail-safe answered)."""
        last = self.exchanges[-1] if self.exchanges else None
        return last is not None and last.status == 200 and last.replies > 0


class RecordingTransport(httpx.AsyncBaseTransport):
    """Passes requests through and records each exchange under the request's sender."""

    def __init__(self) -> None:
        self._inner = httpx.AsyncHTTPTransport(limits=httpx.Limits(max_connections=500))
        self.by_sender: Dict[str, List[Exchange]] = {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        sender = json.loads(request.content)["sender"]
        record = self.by_sender.setdefault(sender, [])
        try:
            response = await self._inner.handle_async_request(request)
            await response.aread()
        except (httpx.HTTPError, asyncio.CancelledError):
            record.append(Exchange(None, None, 0))
            raise
        replies = 0
        if response.status_code == 200:
            body = json.loads(response.content or b"[]")
            replies = len(body) if isinstance(body, list) else 0
        record.append(Exchange(response.status_code, response.headers.get("x-upstream"), replies))
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()


def sender_of(prefix: str, person: int) -> str:
    return f"{prefix}-{person}"


@dataclass
class LoadRun:
    """People, their scripts, and the results once `run` has finished."""

    rasa_url: str
    scripts: Dict[int, List[str]]
    prefix: str = "load"
    timeout_seconds: float = 30.0
    crisis: frozenset[str] = frozenset()
    # Messages in flight at once across all people (a client pool); None: one per person.
    in_flight: int | None = None
    turns: List[Turn] = field(default_factory=list)
    seconds: float = 0.0

    async def run(self, during: Callable[[], Awaitable[None]] | None = None) -> LoadRun:
        """Every person's messages in order, people concurrently; `during` runs alongside."""
        transport = RecordingTransport()
        client = RasaClient(self.rasa_url, self.timeout_seconds, transport=transport)
        services = Services(rasa=client, pseudonymize=partial(sender_of, self.prefix))
        # As bot/ does before its first update: the fail-safe's first call loads spaCy.
        await asyncio.to_thread(warm_up, datetime.now(timezone.utc))
        slots = asyncio.Semaphore(self.in_flight or len(self.scripts))
        started = time.perf_counter()
        async with client:
            people = [self._person(services, transport, slots, p, texts)
                      for p, texts in self.scripts.items()]
            extra = [during()] if during else []
            await asyncio.gather(*people, *extra)
        self.seconds = time.perf_counter() - started
        self.turns.sort(key=lambda turn: (turn.person, turn.index))
        return self

    async def _person(
        self, services: Services, transport: RecordingTransport, slots: asyncio.Semaphore,
        person: int, texts: List[str],
    ) -> None:
        record = transport.by_sender.setdefault(sender_of(self.prefix, person), [])
        for index, text in enumerate(texts):
            async with slots:
                seen = len(record)
                started = time.perf_counter()
                outgoing = await ask_rasa(
                    services, person, text, {}, partial(failsafe_messages, text)
                )
            self.turns.append(Turn(
                person, index, text, text in self.crisis, [o.html for o in outgoing],
                started, (time.perf_counter() - started) * 1000, record[seen:],
            ))

    def summary(self) -> Dict[str, float | int | None]:
        """Throughput, latency percentiles (all and crisis only), and fail-safe answers."""
        times = [turn.millis for turn in self.turns]
        crisis = [turn.millis for turn in self.turns if turn.crisis]
        return {
            "messages": len(self.turns),
            "seconds": round(self.seconds, 2),
            "per_second": round(len(self.turns) / self.seconds, 1) if self.seconds else None,
            "p50_ms": round(statistics.median(times)) if times else None,
            "p95_ms": percentile(times, 95),
            "p99_ms": percentile(times, 99),
            "crisis_p95_ms": percentile(crisis, 95),
            "failsafe_answers": sum(not turn.by_rasa for turn in self.turns),
        }


def mixed_scripts(
    people: int, messages: int, crisis_share: float, seed: int = 1
) -> tuple[Dict[int, List[str]], frozenset[str]]:
    """Each person's messages: everyday texts with `crisis_share` of held-out crisis texts.

    The crisis texts come from the must-answer categories, so a test can require
    the crisis answer for each of them (the other categories are the crisis
    evaluation's business, `make evaluate`).
    """
    rng = random.Random(seed)
    crisis = crisis_texts(MUST_ANSWER)
    scripts = {
        person: [rng.choice(crisis) if rng.random() < crisis_share else rng.choice(EVERYDAY)
                 for _ in range(messages)]
        for person in range(1, people + 1)
    }
    return scripts, frozenset(crisis)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rasa-url", default="http://127.0.0.1:5005")
    parser.add_argument("--people", type=int, default=10, help="concurrent people")
    parser.add_argument("--messages", type=int, default=20, help="messages per person")
    parser.add_argument("--crisis-share", type=float, default=0.1)
    parser.add_argument("--in-flight", type=int, help="cap on messages in flight at once")
    args = parser.parse_args(argv)
    scripts, crisis = mixed_scripts(args.people, args.messages, args.crisis_share)
    prefix = f"load-{datetime.now(timezone.utc):%H%M%S}"
    warm, _ = mixed_scripts(2, 5, args.crisis_share, seed=2)
    asyncio.run(LoadRun(args.rasa_url, warm, prefix=prefix + "w", crisis=crisis).run())
    done = asyncio.run(LoadRun(
        args.rasa_url, scripts, prefix=prefix, crisis=crisis, in_flight=args.in_flight
    ).run())
    print(json.dumps(done.summary()))


if __name__ == "__main__":
    main()
