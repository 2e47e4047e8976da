"""Check-ins: reading a mood rating and a five-point answer, and when to ask the outcome statements.

People answer in their own way ("seven", "7/10", "about 6", "6 or 7"), so the parsers are
forgiving but never guess: anything unclear gets a kind message saying what would work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

# Offer the outcome statements when this long has passed since they were last answered.
OUTCOMES_EVERY = timedelta(days=7)
MAX_WORD_CHARS = 40

SKIP_WORDS = frozenset({
    "skip", "pass", "next", "skip it", "skip this", "skip that", "skip this one", "not now",
    "rather not", "id rather not", "i'd rather not", "no thanks", "naw", "nah", "no", "nope",
    "nothing", "none", "dunno", "i dunno", "dont know", "don't know", "no idea",
    "next one", "move on",
})

_NUMBER_WORDS = {
    "zero": 0, "nought": 0, "one": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?|[a-z]+")


@dataclass(frozen=True)
class Statement:
    id: str
    text: str


# Health and Social Care Alliance Scotland briefing on self-management outcomes (2015),
# shortened for a phone screen; see shared reference contacts.md.
OUTCOME_STATEMENTS: tuple[Statement, ...] = (
    Statement("manage", "I feel better able to manage my condition in the context of my life"),
    Statement("support", "I have the support I need around me, and don't feel so alone"),
    Statement("hope", "I feel greater hope for the future"),
    Statement("know", "I know what I can do to help myself and who else can help me"),
)
OUTCOME_SLOTS = tuple(f"outcome_{s.id}" for s in OUTCOME_STATEMENTS)
SCALE = ("Not at all", "A little", "Somewhat", "Quite a lot", "Completely")


class AnswerError(ValueError):
    """An answer that could not be read; the message is fit to show the person."""


def is_skip(text: str) -> bool:
    return _plain(text) in SKIP_WORDS


def parse_mood(text: str) -> int:
    """A whole number from 0 to 10 out of "7", "seven", "7/10", "about 6", "6 out of 10"."""
    numbers = _numbers(text)
    if len(numbers) == 2 and numbers[1] == 10 and re.search(r"/|out of|outta", text.lower()):
        numbers = numbers[:1]
    if len(numbers) != 1:
        raise AnswerError("Could you give me one number from 0 to 10? Or say skip.")
    value = numbers[0]
    if value != int(value) or not 0 <= value <= 10:
        raise AnswerError("That's outside the scale: a whole number from 0 (very low) to 10 "
                          "(very good) works, or say skip.")
    return int(value)


def parse_word(text: str) -> str | None:
    """The optional word about today: None when skipped, else the first few words, tidied."""
    if is_skip(text):
        return None
    word = " ".join(text.split())[:MAX_WORD_CHARS].strip()
    return word or None


def parse_scale(text: str) -> int:
    """1 to 5 from a number or the wording of the buttons ("quite a lot")."""
    plain = _plain(text)
    for value, label in enumerate(SCALE, start=1):
        if plain == label.lower():
            return value
    numbers = _numbers(text)
    if len(numbers) == 1 and numbers[0] == int(numbers[0]) and 1 <= numbers[0] <= 5:
        return int(numbers[0])
    raise AnswerError("Pick one of the buttons, or a number from 1 (not at all) to 5 "
                      "(completely). Or say skip.")


def outcomes_due(last_answered: datetime | None, now: datetime) -> bool:
    """Whether to ask the outcome statements in this check-in (first time, then every week)."""
    return last_answered is None or now - last_answered >= OUTCOMES_EVERY


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s']", " ", text.lower()).split())


def _numbers(text: str) -> list[float]:
    found: list[float] = []
    for token in _NUMBER.findall(text.lower()):
        if token in _NUMBER_WORDS:
            found.append(float(_NUMBER_WORDS[token]))
        elif token[0].isdigit() or token[0] == "-":
            found.append(float(token))
    return found
