"""What to show during a run, rendered from the flow state alone.

Because nothing but the state is needed, the form's question after a restart
(a crisis answer, a timed-out conversation, a pause of days) is exactly the
one the person left. Timed steps also get a timer payload for bot/ (see the
custom payload contract: kind "timer"); the step text is always sent as well.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from exercises import flow, runner
from exercises.model import Exercise, Step
from exercises.ratings import RATING_QUESTION
from exercises.replies import NO, YES
from exercises.runner import SKIP, STOP, answer_payload

_RATE_BEFORE = "Before we start: " + RATING_QUESTION[0].lower() + RATING_QUESTION[1:]
_RATE_AFTER = "Now that you've finished: " + RATING_QUESTION[0].lower() + RATING_QUESTION[1:]
_RATING_BUTTONS = (("Skip this", SKIP), ("Stop", STOP))
_ASK_FAVOURITE = "Would you like to keep {title} in your favourites, so it's easy to find again?"
_ASK_SAVE = (
    "Would you like me to keep what you wrote, so you can look back at it? "
    "If not, it's let go now. Kept notes can be deleted whenever you like."
)
_DONE_TIMER = "Time's up. Tap Done when you're ready."
# On every step, so the way out and the way to a person are never only in the intro.
STEP_FOOTER = "Stop whenever you like (tap Stop or type stop). To talk to someone now: /sos"


@dataclass(frozen=True)
class Screen:
    """What to show now: text with buttons, and a timer payload for a timed step."""

    text: str
    buttons: tuple[tuple[str, str], ...]
    timer: dict[str, Any] | None = None


def _timer(exercise: Exercise, step: Step) -> dict[str, Any]:
    """The custom payload for a paced step (the `timer` kind in bot/custom_payloads.py)."""
    seconds = step.seconds or 0
    if step.pace:
        text = f"Breathe in for {step.pace.breathe_in}, out for {step.pace.breathe_out}."
        tick = step.pace.breathe_in
    else:
        text = exercise.title
        tick = 5 if seconds <= 60 else 10
    return {
        "kind": "timer", "text": text, "seconds": seconds, "tick": min(tick, seconds),
        "done_text": _DONE_TIMER,
    }


def _yes_no(yes: str = "Yes", no: str = "No") -> tuple[tuple[str, str], ...]:
    return ((yes, answer_payload(YES)), (no, answer_payload(NO)))


def screen(state: dict) -> Screen:
    """The question for the current phase, from the state alone."""
    exercise, state = flow.checked(state)
    phase = state["phase"]
    if phase == "before":
        return Screen(_RATE_BEFORE, _RATING_BUTTONS)
    if phase == "after":
        return Screen(_RATE_AFTER, _RATING_BUTTONS)
    if phase == "favourite":
        return Screen(_ASK_FAVOURITE.format(title=exercise.title), _yes_no())
    if phase == "save":
        return Screen(_ASK_SAVE, _yes_no("Yes, keep it", "No, let it go"))
    prompt = runner.current_prompt(state)
    if phase == "done" or prompt.status != "running":
        return Screen(prompt.text, prompt.buttons)
    step = exercise.steps[state["step"]]
    text = f"{prompt.progress}\n{prompt.text}" if prompt.progress else prompt.text
    text = f"{text}\n\n{STEP_FOOTER}"
    timer = _timer(exercise, step) if step.kind == "timed" and step.seconds else None
    return Screen(text, prompt.buttons, timer)
