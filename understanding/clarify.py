"""What to say when the classifier is unsure, or a reply fits nothing on the go.

In the spirit of Rasa's two-stage fallback, without its extra round trip: the first
miss offers the two or three likeliest meanings as buttons, in plain words kept as data
(data/conversation/intent_labels.yml), plus "something else"; a second miss in a row
offers the menu and someone to talk to. A known reply that fits nothing on the go
("ok", "done" after an answer) gets a short "what next" with a few choices. The same
wording is never sent twice in a row.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import yaml

LABELS_FILE = Path(__file__).resolve().parent.parent / "data" / "conversation" / "intent_labels.yml"
FALLBACK = "nlu_fallback"
MAX_GUESSES = 3
# A guess below this is noise, not a meaning worth a button.
GUESS_FLOOR = 0.05
# A crisis guess this sure, that the detector did not confirm and the classifier was not
# sure enough of to act on alone, still puts someone to talk to first among the choices:
# harsh words about oneself are often not a crisis, but a message the classifier
# half-reads as one never gets choices without a person in them.
CRISIS = "crisis"
CRISIS_HINT = 0.3

SOMETHING_ELSE = {"title": "Something else", "payload": "/show_menu"}
MENU = {"title": "Show the menu", "payload": "/show_menu"}
TALK = {"title": "Someone to talk to", "payload": "/ask_contacts"}
NEXT_CHOICES = [
    {"title": "Try an exercise", "payload": "/start_exercise"},
    {"title": "Find a group", "payload": "/find_group"},
    TALK,
    MENU,
]

FIRST_MISS = ("I'm not quite sure what you mean. Did you mean one of these?",
              "Sorry, I'm not sure I followed. Is it one of these?")
SECOND_MISS = ("I'm still not getting it, sorry: that's me, not you. Here's everything I can "
               "do, or I can show you someone to talk to.",
               "I'm sorry, I still can't tell what you need. You could pick from the menu, "
               "or talk to a person.")
WHAT_NEXT = ("Okay. What would you like to do next?",
             "Right. Is there anything else you'd like?")


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[dict[str, str], ...]


@cache
def labels() -> dict[str, str]:
    data = yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in data["labels"].items()}


def guesses(ranking: Iterable[Mapping[str, Any]], limit: int = MAX_GUESSES) -> list[str]:
    """The likeliest intents that can be offered in plain words, best first."""
    known = labels()
    found = []
    for entry in ranking:
        name = entry.get("name")
        if name in known and name not in found and (entry.get("confidence") or 0) >= GUESS_FLOOR:
            found.append(name)
        if len(found) == limit:
            break
    return found


def payload(intent: str, entities: Mapping[str, str] | None = None) -> str:
    return f"/{intent}{json.dumps(dict(entities))}" if entities else f"/{intent}"


def _fresh(options: Sequence[str], last_bot_text: str | None) -> str:
    """The first wording that is not what the bot said last."""
    return next((text for text in options if text != last_bot_text), options[0])


def unsure(ranking: Sequence[Mapping[str, Any]], missed_before: bool,
           last_bot_text: str | None,
           entities_for: Mapping[str, Mapping[str, str]] | None = None) -> Reply:
    """The answer to a message the classifier could not place."""
    if missed_before:
        return Reply(_fresh(SECOND_MISS, last_bot_text), (MENU, TALK))
    found = guesses(ranking)
    if not found:
        return Reply(_fresh(SECOND_MISS, last_bot_text), (MENU, TALK))
    extra = entities_for or {}
    buttons = tuple({"title": labels()[name], "payload": payload(name, extra.get(name))}
                    for name in found)
    if _half_read_as_crisis(ranking) and TALK["payload"] not in {b["payload"] for b in buttons}:
        buttons = (TALK, *buttons[:MAX_GUESSES - 1])
    return Reply(_fresh(FIRST_MISS, last_bot_text), (*buttons, SOMETHING_ELSE))


def _half_read_as_crisis(ranking: Iterable[Mapping[str, Any]]) -> bool:
    return any(entry.get("name") == CRISIS and (entry.get("confidence") or 0) >= CRISIS_HINT
               for entry in ranking)


def nothing_fits(last_bot_text: str | None) -> Reply:
    """A reply that was understood but fits nothing on the go ("ok", "done")."""
    return Reply(_fresh(WHAT_NEXT, last_bot_text), tuple(NEXT_CHOICES))


def missed_before(events: Sequence[Mapping[str, Any]]) -> bool:
    """Whether the person's previous message was also one the classifier could not place."""
    users = [e for e in events if e.get("event") == "user"]
    if len(users) < 2:
        return False
    previous = users[-2].get("parse_data") or {}
    return (previous.get("intent") or {}).get("name") == FALLBACK


def last_bot_text(events: Sequence[Mapping[str, Any]]) -> str | None:
    return next((e.get("text") for e in reversed(events) if e.get("event") == "bot"), None)
