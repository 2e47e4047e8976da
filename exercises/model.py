"""The shape of an exercise, as plain frozen values.

Frozen because one loaded library is shared by every conversation the action
server handles at once: nothing a conversation does may change what another sees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# A fixed vocabulary, so that browsing by theme and matching needs to exercises
# cannot drift apart through a typo in one file.
TAGS: tuple[str, ...] = (
    "anxiety",
    "panic",
    "low_mood",
    "sleep",
    "worry",
    "stress",
    "anger",
    "cravings",
    "pain",
    "fatigue",
    "long_term_condition",
    "self_esteem",
    "motivation",
)

# info: read and tap Next; timed: do something for a while; write: type an
# answer; choice: tap one of a few buttons.
KINDS: tuple[str, ...] = ("info", "timed", "write", "choice")

# Longest text for one chat bubble on a phone screen, and for one button.
MAX_TEXT_CHARS = 400
MAX_TITLE_CHARS = 30


@dataclass(frozen=True)
class Source:
    """Where the technique comes from, shown to the person on request."""

    name: str
    url: str


@dataclass(frozen=True)
class Pace:
    """A breathing rhythm in seconds, for bots that can animate or count it."""

    breathe_in: int
    breathe_out: int
    rounds: int


@dataclass(frozen=True)
class Option:
    """One button of a choice step; `next` jumps forward to another step."""

    value: str
    title: str
    next: str | None = None


# Words for the first few positions in a list of options.
_POSITIONS: tuple[frozenset[str], ...] = (
    frozenset({"1", "first", "top"}),
    frozenset({"2", "second"}),
    frozenset({"3", "third"}),
    frozenset({"4", "fourth"}),
)


@dataclass(frozen=True)
class Step:
    """One screen of an exercise.

    Optional fields belong to one kind only: `seconds` and `pace` to timed
    steps, `prompt_key` to write (and optionally choice) steps, `options` to
    choice steps. The loader refuses any other combination.
    """

    id: str
    kind: str
    text: str
    seconds: int | None = None
    pace: Pace | None = None
    prompt_key: str | None = None
    options: tuple[Option, ...] = ()

    def option(self, answer: str) -> Option | None:
        """The option a typed or tapped answer means: by value, title or position.

        Position covers what people type instead of tapping: "1", "the first
        one", "second", "the last one".
        """
        wanted = answer.strip().casefold()
        for option in self.options:
            if wanted in (option.value.casefold(), option.title.casefold()):
                return option
        words = set(re.findall(r"[a-z0-9]+", wanted))
        positions = {
            index for index, names in enumerate(_POSITIONS[: len(self.options)])
            if words & names
        }
        if words & {"last", "bottom"}:
            positions.add(len(self.options) - 1)
        return self.options[positions.pop()] if len(positions) == 1 else None


@dataclass(frozen=True)
class Exercise:
    """A self-help exercise: what it is, where it comes from, and its steps."""

    id: str
    title: str
    summary: str
    helps_with: tuple[str, ...]
    minutes: int
    source: Source
    checked: date
    intro: str
    steps: tuple[Step, ...]
    outro: str

    def step_index(self, step_id: str) -> int:
        """Position of a step, for choices that jump ahead."""
        for index, step in enumerate(self.steps):
            if step.id == step_id:
                return index
        raise KeyError(f"{self.id} has no step {step_id!r}")
