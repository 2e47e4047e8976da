"""Time the crisis answer through the REST channel: what a person in crisis waits for.

Sends crisis messages from the held-out evaluation set, one at a time, each from
a fresh sender (a first message, no history to load), to a running Rasa server,
and prints p50/p95 of the full round trip (NLU, dialogue, action server, reply).

    python -m scripts.measure_crisis_latency --rasa-url http://127.0.0.1:5005 -n 100
"""

from __future__ import annotations

import argparse
import statistics
import time
import uuid
from itertools import cycle, islice
from pathlib import Path

import httpx

from scripts.crisis_scoring import load_examples, percentile

ROOT = Path(__file__).resolve().parent.parent
CRISIS_SET = ROOT / "tests" / "evaluation" / "crisis.yml"


def measure(rasa_url: str, count: int) -> list[float]:
    """Round-trip milliseconds of `count` crisis messages; each must get a 999 answer."""
    timings = []
    with httpx.Client(base_url=rasa_url, timeout=30) as client:
        texts = [example.text for example in load_examples(CRISIS_SET, True)]
        for text in islice(cycle(texts), count):
            started = time.perf_counter()
            reply = client.post(
                "/webhooks/rest/webhook", json={"sender": uuid.uuid4().hex, "message": text}
            )
            timings.append((time.perf_counter() - started) * 1000)
            reply.raise_for_status()
            if not reply.json():
                raise SystemExit("Rasa gave an empty reply: is a model loaded?")
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rasa-url", default="http://127.0.0.1:5005")
    parser.add_argument("-n", "--count", type=int, default=100)
    args = parser.parse_args()
    measure(args.rasa_url, 5)  # warm up: first requests load lazily built parts
    timings = measure(args.rasa_url, args.count)
    print(
        f"{len(timings)} crisis messages through the REST channel: "
        f"p50 {statistics.median(timings):.0f} ms, p95 {percentile(timings, 95):.0f} ms, "
        f"max {max(timings):.0f} ms"
    )


if __name__ == "__main__":
    main()
