"""How long a search takes over the whole directory (the issue asks for under 50 ms).

    PYTHONPATH=. .venv/bin/python scripts/bench_search.py [--repeat 3]

Times `signposting.search.search` for every topic in every council area, with
and without the open-now and tonight filters, and the first page's rendering;
then reading a message (places and topics by spaCy rules). Loading the
directory and building the matchers happen once, before timing, as they do in
the action server. Prints p50, p95 and the maximum in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import datetime

from common.clock import UK
from signposting.directory import council_area_ids, load_directory
from signposting.render import render_page
from signposting.search import Query, search
from signposting.understanding import read_request

MESSAGES = ("is there a group for carers in Fife", "anything for anxiety near Dundee",
            "I need to talk to someone tonight", "AA meetings Glasgow", "what about online",
            "any in Perth instead", "my husband drinks too much", "peer support in EH6")


def _summary(name: str, times: list[float]) -> str:
    times = sorted(times)
    p95 = times[int(0.95 * (len(times) - 1))]
    return (f"{name}: {len(times)} runs, p50 {statistics.median(times):.2f} ms, "
            f"p95 {p95:.2f} ms, max {times[-1]:.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    directory = load_directory()
    read_request("warm up in Fife")
    at = datetime(2026, 11, 23, 21, 0, tzinfo=UK)
    searches: list[float] = []
    for _ in range(args.repeat):
        for topic in directory.topics:
            for area in sorted(council_area_ids()):
                for when in (None, "now", "tonight"):
                    started = time.perf_counter()
                    results = search(directory, Query(topics=(topic,), areas=(area,),
                                                      when=when), at)
                    render_page(results, 0, at, topic, area)
                    searches.append((time.perf_counter() - started) * 1000)
    readings: list[float] = []
    for _ in range(args.repeat * 50):
        for text in MESSAGES:
            started = time.perf_counter()
            read_request(text)
            readings.append((time.perf_counter() - started) * 1000)
    print(f"directory: {len(directory.services)} services")
    print(_summary("search + first page", searches))
    print(_summary("reading a message", readings))


if __name__ == "__main__":
    main()
