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
    "data_consents": ("your yes to me keeping these, with its date", "record", "records"),
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


def describe_kept(kept: Mapping[str, list[Any]], reminder_on: bool,
                  held: Mapping[str, Any] | None = None, conversation_days: int = 30,
                  personal_days: int = 365) -> str:
    """The answer to "what do you keep about me": records, and what the conversation holds."""
    lines = kept_lines(kept, reminder_on)
    records = "\n".join(lines) if lines else "- nothing you've saved yet"
    held = held or {}
    said = held.get("messages", 0)
    risk = "yes" if held.get("crisis_risk") else "no"
    return (
        "Here's what I keep, under a code instead of your name:\n"
        f"{records}\n"
        f"- our conversation ({said} of your messages), with my guess at what each one "
        "meant and any signs of crisis I noticed, so I can follow what we're doing\n"
        f"- whether I've noticed you might be at risk, so I answer carefully: {risk}\n\n"
        f"Our conversation goes after {conversation_days} days with no messages, the rest "
        f"after {personal_days} days unused. You can ask me to export it all as a file, or "
        "delete it all now."
    )


def describe_erased(removed: Mapping[str, int]) -> str:
    """The confirmation after erasure, naming what went."""
    lines = [_count(table, n) for table, n in removed.items()]
    lines.append("- our conversation history")
    lines.append("- any check-in reminders")
    return ("Done. I've deleted:\n" + "\n".join(lines) +
            "\n\nIf you come back, we'll start fresh. Take care of yourself.")


def _at(event: Mapping[str, Any]) -> str:
    return datetime.fromtimestamp(event.get("timestamp") or 0, timezone.utc).isoformat()


def _guesses(parse: Mapping[str, Any]) -> dict[str, Any]:
    """What the tracker holds about how a message was understood (nothing added)."""
    intent = parse.get("intent") or {}
    return {
        "understood_as": {"intent": intent.get("name"), "confidence": intent.get("confidence")},
        "other_guesses": [
            {"intent": guess.get("name"), "confidence": guess.get("confidence")}
            for guess in parse.get("intent_ranking") or []
            if guess.get("name") != intent.get("name")
        ],
        "noticed": [
            {"what": found.get("entity"), "value": found.get("value")}
            for found in parse.get("entities") or []
        ],
    }


def conversation(events: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """What was said, by whom and when, and for each of the person's messages how it was
    understood (intent guesses, the crisis kind noticed), from Rasa tracker events."""
    said = []
    for event in events:
        if event.get("event") not in _SPOKEN:
            continue
        entry = {"from": "you" if event["event"] == "user" else "bot", "at": _at(event),
                 "text": event.get("text")}
        if event["event"] == "user":
            entry.update(_guesses(event.get("parse_data") or {}))
        said.append(entry)
    return said


def remembered(events: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """What the conversation remembers (its slots as last set, with when), the crisis-risk
    flag first."""
    slots: dict[str, Any] = {}
    for event in events:
        if event.get("event") == "slot":
            slots[event["name"]] = {"value": event.get("value"), "set_at": _at(event)}
    kept = {name: found for name, found in slots.items() if found["value"] not in (None, "")}
    risk = slots.get("crisis_risk", {"value": False, "set_at": None})
    return {"crisis_risk": risk,
            "other": {name: found for name, found in kept.items() if name != "crisis_risk"}}


def held_in_conversation(events: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Counts for "what do you keep": the person's messages, and the crisis-risk flag."""
    events = list(events)
    return {"messages": sum(1 for e in events if e.get("event") == "user"),
            "crisis_risk": bool(remembered(events)["crisis_risk"]["value"])}


def export_content(
    kept: Mapping[str, list[Any]], events: Iterable[Mapping[str, Any]], at: datetime
) -> dict[str, Any]:
    """Everything kept for the person: every personal-store row, and what the tracker holds."""
    events = list(events)
    return {
        "exported_at": at.isoformat(),
        "about": "Everything this companion keeps about you, under a code instead of your name.",
        "records": dict(kept),
        "remembered_in_conversation": remembered(events),
        "conversation": conversation(events),
    }


def export_document(content: Mapping[str, Any], at: datetime) -> dict[str, str]:
    """The export as a JSON file's name and text."""
    return {
        "filename": f"my-data-{at:%Y-%m-%d}.json",
        "text": json.dumps(content, ensure_ascii=False, indent=2),
    }
