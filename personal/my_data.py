"""The person's data in their hands: what is kept, the export file, and what erasure removed.

Works from `PersonalStore.export` (every personal table, whichever feature made it), so a new
feature's records are listed, exported and erased without a change here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from typing import Any

# How each table is described to the person; a table not named here still gets listed.
DESCRIPTIONS = {
    "plan_sections": ("your staying-well plan", "section", "sections"),
    "mood_checkins": ("mood check-ins (0-10 and any word you gave)", "check-in", "check-ins"),
    "outcome_ratings": ("answers to the four statements about managing", "answer", "answers"),
    "reminder_choices": ("your reminder choice (how often and what time)", "choice", "choices"),
    "favourite_exercises": ("favourite exercises", "favourite", "favourites"),
    "exercise_runs": ("exercises you finished, with any ratings", "exercise", "exercises"),
    "exercise_notes": ("notes you saved in exercises", "note", "notes"),
}
# Rasa tracker event types that carry what was said; the rest is bookkeeping.
_SPOKEN = {"user", "bot"}


def _count(table: str, n: int) -> str:
    what, one, many = DESCRIPTIONS.get(table, (table.replace("_", " "), "record", "records"))
    return f"- {what}: {n} {one if n == 1 else many}"


def kept_lines(kept: Mapping[str, list[Any]], reminder_on: bool) -> list[str]:
    """One plain line per kind of record kept."""
    lines = [_count(table, len(rows)) for table, rows in kept.items()]
    if reminder_on:
        lines.append("- for reminders: your Telegram chat number and reminder time")
    return lines


def describe_kept(kept: Mapping[str, list[Any]], reminder_on: bool) -> str:
    """The answer to "what do you keep about me"."""
    lines = kept_lines(kept, reminder_on)
    records = "\n".join(lines) if lines else "- nothing you've saved yet"
    return (
        "Here's what I keep, under a code instead of your name:\n"
        f"{records}\n"
        "- our conversation, so I can follow what we're doing\n\n"
        "It stays until you delete it. You can ask me to export it as a file, or delete it "
        "all."
    )


def describe_erased(removed: Mapping[str, int]) -> str:
    """The confirmation after erasure, naming what went."""
    lines = [_count(table, n) for table, n in removed.items()]
    lines.append("- our conversation history")
    lines.append("- any check-in reminders")
    return ("Done. I've deleted:\n" + "\n".join(lines) +
            "\n\nIf you come back, we'll start fresh. Take care of yourself.")


def conversation(events: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """What was said, by whom and when, from Rasa tracker events (no internal bookkeeping)."""
    said = []
    for event in events:
        if event.get("event") not in _SPOKEN:
            continue
        said.append({
            "from": "you" if event["event"] == "user" else "bot",
            "at": datetime.fromtimestamp(event.get("timestamp") or 0, timezone.utc).isoformat(),
            "text": event.get("text"),
        })
    return said


def export_document(
    kept: Mapping[str, list[Any]], said: list[dict[str, Any]], at: datetime
) -> dict[str, str]:
    """Everything kept for the person, as a JSON file's name and text."""
    content = {
        "exported_at": at.isoformat(),
        "about": "Everything this companion keeps about you, under a code instead of your name.",
        "records": dict(kept),
        "conversation": said,
    }
    return {
        "filename": f"my-data-{at:%Y-%m-%d}.json",
        "text": json.dumps(content, ensure_ascii=False, indent=2),
    }
