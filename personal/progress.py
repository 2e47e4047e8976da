"""Seeing progress: a chart of mood and outcome ratings over time, and a short honest summary.

The summary describes what the numbers did, in the person's own terms, and never what they
might mean clinically. With too little to go on it says so instead of drawing a line
through two points.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime, timedelta
from statistics import mean

from common.clock import UK
from personal.checkins import OUTCOME_STATEMENTS, SCALE

MIN_MOODS = 3  # fewer check-ins than this are not a picture of anything yet
RECENT = timedelta(days=14)
STEADY = 1.0  # a change in average mood smaller than this is "about the same"

Mood = tuple[datetime, int, "str | None"]
Outcome = tuple[datetime, str, int]


def enough(moods: Sequence[Mood]) -> bool:
    return len(moods) >= MIN_MOODS


def summary(moods: Sequence[Mood], outcomes: Sequence[Outcome], now: datetime) -> str:
    """A few plain sentences about the check-ins; kind about having too few."""
    if not enough(moods):
        done = "one check-in" if len(moods) == 1 else f"{len(moods)} check-ins"
        if not moods:
            done = "no check-ins yet"
        return (f"There's {done} so far, which isn't enough to show a picture. After a few "
                "more I can show you how things have gone, in your own numbers.")
    first, last = moods[0][0].astimezone(UK), moods[-1][0].astimezone(UK)
    values = [m[1] for m in moods]
    lines = [f"You've checked in {len(moods)} times since {_day(first)}. Your mood ratings "
             f"averaged {mean(values):.1f} out of 10, from {min(values)} to {max(values)}."]
    recent = [m[1] for m in moods if m[0] >= now - RECENT]
    earlier = [m[1] for m in moods if m[0] < now - RECENT]
    if recent and earlier:
        change = mean(recent) - mean(earlier)
        if abs(change) < STEADY:
            trend = "about the same as before"
        else:
            trend = "higher than before" if change > 0 else "lower than before"
        lines.append(f"The last two weeks averaged {mean(recent):.1f}: {trend}.")
    words = [m[2] for m in moods if m[2]][-3:]
    if words:
        lines.append("Your latest words: " + ", ".join(words) + ".")
    lines.append(_outcome_line(outcomes))
    lines.append(f"Last check-in: {_day(last)}. These are your own ratings, not a "
                 "diagnosis; ups and downs are part of it.")
    return "\n\n".join(line for line in lines if line)


def _outcome_line(outcomes: Sequence[Outcome]) -> str:
    if not outcomes:
        return ""
    latest: dict[str, int] = {}
    firsts: dict[str, int] = {}
    for _, statement, rating in outcomes:
        firsts.setdefault(statement, rating)
        latest[statement] = rating
    parts = []
    for statement in OUTCOME_STATEMENTS:
        if statement.id in latest:
            now_word = SCALE[latest[statement.id] - 1].lower()
            was = firsts[statement.id]
            since = ""
            if was != latest[statement.id]:
                since = f" (first time: {SCALE[was - 1].lower()})"
            parts.append(f'"{statement.text}": {now_word}{since}')
    return "Most recently you said:\n" + "\n".join(parts)


def chart_png(moods: Sequence[Mood], outcomes: Sequence[Outcome]) -> bytes:
    """Mood (0-10) above, outcome ratings (1-5) below, by date; PNG bytes, small enough to send."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import dates as mdates
    from matplotlib import pyplot as plt

    rows = 2 if outcomes else 1
    figure, axes = plt.subplots(rows, 1, figsize=(7, 3.2 * rows + (1 if outcomes else 0)),
                                dpi=100, squeeze=False, sharex=True)
    try:
        mood_axis = axes[0][0]
        mood_axis.plot([m[0].astimezone(UK) for m in moods], [m[1] for m in moods],
                       marker="o", color="#2a6f97", linewidth=2)
        mood_axis.set_ylim(-0.5, 10.5)
        mood_axis.set_ylabel("Mood (0-10)")
        mood_axis.set_title("Your check-ins")
        mood_axis.grid(alpha=0.3)
        if outcomes:
            outcome_axis = axes[1][0]
            for index, statement in enumerate(OUTCOME_STATEMENTS):
                points = [(o[0].astimezone(UK), o[2]) for o in outcomes if o[1] == statement.id]
                # A small vertical offset each, so equal ratings do not hide one another.
                nudge = (index - 1.5) * 0.06
                if points:
                    outcome_axis.plot([p[0] for p in points], [p[1] + nudge for p in points],
                                      marker="s", label=_short(statement.text, 60))
            outcome_axis.set_ylim(0.5, 5.5)
            outcome_axis.set_yticks(range(1, 6))
            outcome_axis.set_ylabel("Agree (1-5)")
            outcome_axis.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.3),
                                frameon=False)
            outcome_axis.grid(alpha=0.3)
        axes[-1][0].xaxis.set_major_formatter(mdates.DateFormatter("%d %b", tz=UK))
        figure.autofmt_xdate()
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        return buffer.getvalue()
    finally:
        plt.close(figure)


def _day(moment: datetime) -> str:
    return f"{moment.day} {moment:%B}"


def _short(text: str, limit: int = 45) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
