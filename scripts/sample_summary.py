"""Write the documentation sample of the appointment summary, from invented data only.

    PYTHONPATH=. .venv/bin/python -m scripts.sample_summary [--out docs/sample-summary.pdf]

Nobody's records are read: every word and rating below is made up for the sample.
"""

from __future__ import annotations

import argparse
from datetime import datetime, timedelta, timezone
from pathlib import Path

from exercises import library
from personal.summary import PARTS, Kept, chosen_only
from personal.summary_pdf import render

ROOT = Path(__file__).resolve().parent.parent
MADE = datetime(2026, 12, 1, 18, 0, tzinfo=timezone.utc)


def invented() -> Kept:
    """Six weeks of a made-up person's plan, check-ins, exercises and notes."""
    start = MADE - timedelta(days=40)
    moods = [(start + timedelta(days=4 * i), mood, word) for i, (mood, word) in enumerate(
        [(3, "knackered"), (4, None), (3, "wabbit"), (5, "bit better"), (4, None), (6, "ok"),
         (5, None), (6, "calmer"), (7, "good walk"), (6, None)])]
    outcomes = [(start + timedelta(days=d), sid, r) for d, ratings in
                ((0, {"manage": 2, "support": 2, "hope": 1, "know": 2}),
                 (16, {"manage": 3, "support": 2, "hope": 2, "know": 3}),
                 (36, {"manage": 3, "support": 4, "hope": 3, "know": 4}))
                for sid, r in ratings.items()]
    runs = [("paced_breathing", start + timedelta(days=2), 7, 4),
            ("paced_breathing", start + timedelta(days=9), 6, 4),
            ("grounding_54321", start + timedelta(days=12), 8, 8),
            ("paced_breathing", start + timedelta(days=20), 6, None),
            ("worry_time", start + timedelta(days=25), 6, 5)]
    plan = {
        "well": "Chatty, up early, out with the dog, cooking proper meals.",
        "daily": "Walk the dog first thing; tablets with breakfast; text my sister.",
        "warning_signs": "Not answering the phone, staying in bed past 11, skipping meals.",
        "what_helps": "A walk by the canal, a bath, my sister coming round, paced breathing.",
        "contacts": "My sister Jo (text her); my CPN on her work number, weekdays.",
    }
    notes = [("worry_time", "worries", "The bills. Phoned the council about the payment plan.",
              start + timedelta(days=25))]
    return Kept(plan=plan, moods=moods, outcomes=outcomes, runs=runs,
                favourites=["paced_breathing"], notes=notes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "sample-summary.pdf")
    args = parser.parse_args(argv)
    chosen = [part.id for part in PARTS]
    titles = {e.id: e.title for e in library.all_exercises()}
    kept = chosen_only(invented(), chosen, None)
    args.out.write_bytes(render(kept, chosen, "everything I have kept (invented sample)", MADE,
                                titles))
    print(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
