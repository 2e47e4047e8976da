#!/usr/bin/env python3
"""Held-out crisis evaluation, end to end against a RUNNING Rasa server (the command line).

Every text of a crisis set and a negative set is POSTed to ``{rasa_url}/model/parse``;
a message counts as flagged when the parsed intent is ``crisis``. ``--multi-turn`` also
plays tests/evaluation/multi_turn.yml through the REST channel and checks, in the
tracker, which exact actions answered each judged turn. ``--gates`` picks the gates:
``development`` (tests/evaluation/*.yml), ``independent`` or ``external``
(../shared/eval/crisis_external.yml, read with ``--external``).

The scoring, the sets' shapes and the gates live in scripts/crisis_scoring.py (pure, no
server), which the tests import. Exit status: 0 gates pass, 1 a gate failed, 2 the server
could not be reached or the input was unusable. ``--max-listed 0`` prints no message
texts (used for the sets whose misses must not be read).

Example::

    rasa run --enable-api &            # plus `rest:` in credentials.yml for --multi-turn
    python -m scripts.evaluate_crisis --rasa-url http://localhost:5005 --json results/crisis.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import httpx
import yaml

from scripts.crisis_scoring import (
    DEFAULT_CRISIS_SET,
    DEFAULT_MULTI_TURN_SET,
    DEFAULT_NEGATIVE_SET,
    EXTERNAL_SET,
    GATES,
    Conversation,
    ConversationReport,
    ConversationResult,
    Example,
    ParseResult,
    TurnResult,
    conversation_failures,
    failures,
    format_conversation_report,
    format_report,
    load_conversations,
    load_examples,
    load_external,
    score,
    score_conversations,
)

# ----------------------------------------------------------------- server calls


def result_from_response(example: Example, payload: Any, latency_ms: float) -> ParseResult:
    """Read ``intent.name`` / ``intent.confidence`` from a /model/parse answer.

    An answer without an intent mapping is recorded as an error rather than a miss, so a
    broken server cannot pass for a model that merely misses.
    """
    intent = payload.get("intent") if isinstance(payload, dict) else None
    if not isinstance(intent, dict):
        return ParseResult(
            example.text,
            example.category,
            example.expected_crisis,
            None,
            latency_ms=latency_ms,
            error="response has no intent",
        )
    confidence = intent.get("confidence")
    return ParseResult(
        text=example.text,
        category=example.category,
        expected_crisis=example.expected_crisis,
        intent=intent.get("name"),
        confidence=float(confidence) if isinstance(confidence, (int, float)) else None,
        latency_ms=latency_ms,
    )


def _params(token: str | None) -> dict[str, str]:
    """Rasa's HTTP API takes its auth token as a query parameter."""
    return {"token": token} if token else {}


async def parse_all(
    client: httpx.AsyncClient,
    examples: Sequence[Example],
    concurrency: int = 4,
    token: str | None = None,
) -> list[ParseResult]:
    """POST every example to /model/parse, a few at a time, keeping input order.

    Small concurrency on purpose: latency figures should reflect a lightly loaded server,
    and a laptop Rasa should not be flooded.
    """
    semaphore = asyncio.Semaphore(max(1, concurrency))

    async def one(example: Example) -> ParseResult:
        async with semaphore:
            start = time.perf_counter()
            try:
                response = await client.post(
                    "/model/parse", json={"text": example.text}, params=_params(token)
                )
                latency = (time.perf_counter() - start) * 1000
                response.raise_for_status()
                return result_from_response(example, response.json(), latency)
            except (httpx.HTTPError, ValueError) as exc:
                return ParseResult(
                    example.text,
                    example.category,
                    example.expected_crisis,
                    None,
                    error=f"{type(exc).__name__}: {exc}",
                )

    return list(await asyncio.gather(*(one(e) for e in examples)))


def actions_since_last_user(events: Sequence[Mapping[str, Any]]) -> tuple[str, ...]:
    """Actions the bot ran after the latest user message (``action_listen`` left out)."""
    actions: list[str] = []
    for event in events:
        if event.get("event") == "user":
            actions = []
        elif event.get("event") == "action" and event.get("name") not in (None, "action_listen"):
            actions.append(str(event["name"]))
    return tuple(actions)


async def play_conversation(
    client: httpx.AsyncClient, conversation: Conversation, token: str | None = None
) -> ConversationResult:
    """Send each turn through the REST channel to a fresh sender; read actions from the tracker.

    A fresh sender id per run keeps trackers from earlier runs out of the judgement.
    """
    sender = f"crisis-eval-{conversation.id}-{uuid.uuid4().hex[:8]}"
    turns: list[TurnResult] = []
    for index, text in enumerate(conversation.turns):
        try:
            reply = await client.post(
                "/webhooks/rest/webhook", json={"sender": sender, "message": text}
            )
            reply.raise_for_status()
            bot_texts = tuple(
                str(m.get("text", ""))
                for m in reply.json()
                if isinstance(m, dict) and m.get("text")
            )
            tracker = await client.get(f"/conversations/{sender}/tracker", params=_params(token))
            tracker.raise_for_status()
            events = tracker.json().get("events") or []
            turns.append(TurnResult(index, text, actions_since_last_user(events), bot_texts))
        except (httpx.HTTPError, ValueError, AttributeError) as exc:
            turns.append(TurnResult(index, text, error=f"{type(exc).__name__}: {exc}"))
    return ConversationResult(conversation=conversation, turns=tuple(turns))


async def play_all(
    client: httpx.AsyncClient,
    conversations: Sequence[Conversation],
    concurrency: int = 4,
    token: str | None = None,
) -> list[ConversationResult]:
    """Play conversations concurrently (turns within one stay in order)."""
    semaphore = asyncio.Semaphore(max(1, concurrency))

    async def one(conversation: Conversation) -> ConversationResult:
        async with semaphore:
            return await play_conversation(client, conversation, token)

    return list(await asyncio.gather(*(one(c) for c in conversations)))


# ------------------------------------------------------------------------- CLI


def build_parser() -> argparse.ArgumentParser:
    """Command-line options (see the module docstring)."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--rasa-url",
        default=os.environ.get("RASA_URL", "http://localhost:5005"),
        help="base URL of a running `rasa run --enable-api` (default: $RASA_URL or %(default)s)",
    )
    p.add_argument(
        "--token",
        default=os.environ.get("RASA_TOKEN"),
        help="Rasa --auth-token, if the server uses one (default: $RASA_TOKEN)",
    )
    p.add_argument("--crisis-set", type=Path, default=DEFAULT_CRISIS_SET)
    p.add_argument("--negative-set", type=Path, default=DEFAULT_NEGATIVE_SET)
    p.add_argument(
        "--crisis-intent",
        default=None,
        help="intent name that counts as flagged (default: crisis and ask_means, the "
        "intents answered with the crisis contacts)",
    )
    p.add_argument(
        "--concurrency", type=int, default=4, help="parallel requests (default: %(default)s)"
    )
    p.add_argument(
        "--timeout", type=float, default=30.0, help="seconds per request (default: %(default)s)"
    )
    p.add_argument("--json", dest="json_out", type=Path, help="write the figures to this JSON file")
    p.add_argument(
        "--max-listed",
        type=int,
        default=100,
        help="misses/false alarms printed (default: %(default)s)",
    )
    p.add_argument(
        "--multi-turn",
        action="store_true",
        help="also play the multi-turn set through the REST channel and gate it",
    )
    p.add_argument("--multi-turn-set", type=Path, default=DEFAULT_MULTI_TURN_SET)
    p.add_argument(
        "--gates", choices=sorted(GATES), default="development",
        help="which set's gates to apply (default: %(default)s)",
    )
    p.add_argument(
        "--external", type=Path, nargs="?", const=EXTERNAL_SET, default=None,
        help="score the external set (default path: %(const)s) instead of the two sets; "
        "implies --gates external",
    )
    return p


async def _run(args: argparse.Namespace) -> int:
    try:
        if args.external is not None:
            examples = load_external(args.external)
            args.gates = "external"
        else:
            examples = (load_examples(args.crisis_set, True)
                        + load_examples(args.negative_set, False))
        conversations = load_conversations(args.multi_turn_set) if args.multi_turn else []
    except (OSError, ValueError, yaml.YAMLError) as exc:
        print(f"cannot read evaluation sets: {exc}", file=sys.stderr)
        return 2

    limits = httpx.Limits(max_connections=max(1, args.concurrency))
    async with httpx.AsyncClient(
        base_url=args.rasa_url.rstrip("/"), timeout=args.timeout, limits=limits
    ) as client:
        try:
            (await client.get("/")).raise_for_status()
        except httpx.HTTPError as exc:
            print(f"Rasa server not reachable at {args.rasa_url}: {exc}", file=sys.stderr)
            return 2
        model: Any = None
        try:
            status = await client.get("/status", params=_params(args.token))
            if status.is_success:
                model = status.json().get("model_file")
        except (httpx.HTTPError, ValueError, AttributeError):
            pass  # the model name is nice to record, not needed to score

        results = await parse_all(client, examples, args.concurrency, args.token)
        played = (
            await play_all(client, conversations, args.concurrency, args.token)
            if conversations
            else []
        )

    gates = GATES[args.gates]
    report = score(results, args.crisis_intent)
    problems = failures(report, gates)
    print(format_report(report, args.max_listed, gates))
    conv_report: ConversationReport | None = None
    if args.multi_turn:
        conv_report = score_conversations(played)
        problems += conversation_failures(conv_report)
        print(format_conversation_report(conv_report))

    print("\nGATES: " + ("PASS" if not problems else "FAIL"))
    for problem in problems:
        print(f"  - {problem}")

    if args.json_out:
        out = {
            "rasa_url": args.rasa_url,
            "model_file": model,
            "finished_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            **report.to_dict(),
            "multi_turn": conv_report.to_dict() if conv_report else None,
            "gate_failures": problems,
            "passed": not problems,
        }
        args.json_out.parent.mkdir(parents=True, exist_ok=True)
        args.json_out.write_text(
            json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return 1 if problems else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status (0 pass, 1 gate failed, 2 cannot run)."""
    return asyncio.run(_run(build_parser().parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())

