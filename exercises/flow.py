"""The conversation around one exercise run: rating before, the steps, rating after,
favourite, and whether to keep what was written.

The runner knows the steps; this module wraps it in the questions asked before
and after, as one state dict that lives in the `exercise_state` slot. The Rasa
form has a single slot that takes every reply, so this module decides what a
reply means in the current phase, and `screens.screen` renders what to ask
next from the state alone: a form restarted after a crisis answer, or days
later, asks again exactly where the person was.

Phases, in order (a phase with nothing to ask is passed over):
    before     optional 0-10 rating
    steps      the runner's steps (the runner's status says running or paused)
    after      optional 0-10 rating, reflected back honestly
    favourite  keep it as a favourite? (not asked if it already is one)
    save       keep what you wrote? (only asked if something was written)
    done
Side effects (store writes) are returned as an `Outcome` for the action to do.
Replies are read from messages in `replies`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from exercises import runner
from exercises.model import Exercise
from exercises.ratings import RatingError, check_rating, parse_rating, reflect_change
from exercises.replies import (
    NEXT_REPLY,
    NO,
    NO_REPLY,
    OTHER_TAP,
    PAUSE_REPLY,
    SKIP_REPLY,
    YES,
    YES_REPLY,
    Reply,
)
from exercises.runner import Now, StateError

PHASES = ("before", "steps", "after", "favourite", "save", "done")
_YES_NO_AGAIN = "Please tap Yes or No."
_NO_RATING_AFTER = "Thanks for doing that with me."
_STILL_RUNNING = (
    "We're still in the middle of {title}. Here's where we were. "
    "Tap Stop first if you'd like to do something else."
)


@dataclass(frozen=True)
class Outcome:
    """A reply's result: the new state, what to say first, and what to keep."""

    state: dict
    said: tuple[str, ...] = ()
    record_run: bool = False
    add_favourite: bool = False
    notes: dict[str, str] = field(default_factory=dict)



def begin(exercise_id: str, now: Now, *, is_favourite: bool = False) -> dict:
    """A new run, asking for the rating before the first step.

    Answers are held in the state until the end, when the person decides
    whether to keep them; they are dropped at the end otherwise, and on stop.
    """
    state, _ = runner.start(exercise_id, now, save_answers=True)
    return dict(state, phase="before", favourite=bool(is_favourite), recorded=False)


def checked(state: Any) -> tuple[Exercise, dict]:
    """The exercise and a flow state that is safe to carry on, or StateError."""
    if not isinstance(state, dict) or state.get("phase") not in PHASES:
        raise StateError("not an exercise flow state")
    exercise, inner = runner.checked(state)
    return exercise, dict(
        inner, phase=state["phase"], favourite=bool(state.get("favourite")),
        recorded=bool(state.get("recorded")),
    )


def is_active(state: Any) -> bool:
    """Whether the form has something to ask: a run under way and not paused."""
    try:
        _, state = checked(state)
    except (StateError, KeyError):
        return False
    if state["phase"] == "steps":
        return state["status"] == "running"
    return state["phase"] != "done" and state["status"] != "stopped"


def is_paused(state: Any) -> bool:
    try:
        _, state = checked(state)
    except (StateError, KeyError):
        return False
    return state["phase"] == "steps" and state["status"] == "paused"


def exercise_of(state: Any) -> Exercise | None:
    try:
        return checked(state)[0]
    except (StateError, KeyError):
        return None


def _written(exercise: Exercise, answers: dict[str, str]) -> dict[str, str]:
    """Typed answers by step id: only write steps hold the person's own words."""
    return {
        step.id: answers[step.prompt_key]
        for step in exercise.steps
        if step.kind == "write" and step.prompt_key in answers
    }


def _enter(exercise: Exercise, state: dict, phase: str) -> dict:
    """Move to a phase, passing over those with nothing to ask."""
    if phase == "favourite" and state["favourite"]:
        phase = "save"
    if phase == "save" and not _written(exercise, state["answers"]):
        phase = "done"
    if phase == "done":
        state = dict(state, answers={}, save_answers=False)
    return dict(state, phase=phase)


def _rating(state: dict, which: str, reply: Reply) -> tuple[dict, str | None, bool]:
    """(state, problem to show, whether to move on) for a reply to a rating question."""
    number = parse_rating(reply.value)
    if number is not None:
        return dict(state, **{f"rating_{which}": number}), None, True
    if reply.kind in (SKIP_REPLY, NO_REPLY, PAUSE_REPLY, NEXT_REPLY):
        return state, None, True
    try:
        return dict(state, **{f"rating_{which}": check_rating(reply.value)}), None, True
    except RatingError as error:
        return state, str(error), False


def _steps(exercise: Exercise, state: dict, reply: Reply, now: Now) -> Outcome:
    step = exercise.steps[state["step"]]
    if reply.kind == PAUSE_REPLY:
        paused, _ = runner.pause(state, now)
        return Outcome(dict(state, **paused))
    if reply.kind == SKIP_REPLY:
        moved, _ = runner.skip(state, now)
    elif step.kind in ("info", "timed"):
        moved, _ = runner.advance(state, now)
    else:
        moved, _ = runner.advance(state, now, answer=reply.value)
        if moved["step"] == state["step"] and moved["status"] == "running":
            again = runner.ASK_AGAIN_WRITE if step.kind == "write" else runner.ASK_AGAIN_CHOICE
            return Outcome(state, said=(again,))
    moved = dict(state, **moved)
    if moved["status"] != "finished":
        return Outcome(moved)
    # The runner drops answers at the end unless told to keep them; the flow keeps
    # them (save_answers) until the person has said whether to save them.
    return Outcome(dict(moved, phase="after"), said=(exercise.outro,))


def respond(state: dict, reply: Reply, now: Now) -> Outcome:
    """Take one reply in the current phase and move the flow on.

    Invalid replies (a rating that is not 0-10, a typed choice that is not an
    option) keep the phase and say why kindly; nothing is ever lost.
    """
    exercise, state = checked(state)
    phase = state["phase"]
    if reply.kind == OTHER_TAP:
        return Outcome(state, said=(_STILL_RUNNING.format(title=exercise.title),))
    if phase == "steps":
        if state["status"] == "paused":
            return resume(state, now) or Outcome(state)
        return _steps(exercise, state, reply, now)
    if phase == "before":
        state, problem, move_on = _rating(state, "before", reply)
        if not move_on:
            return Outcome(state, said=(problem,))
        return Outcome(dict(state, phase="steps"))
    if phase == "after":
        state, problem, move_on = _rating(state, "after", reply)
        if not move_on:
            return Outcome(state, said=(problem,))
        before, after = state["rating_before"], state["rating_after"]
        said = reflect_change(before, after) if None not in (before, after) else _NO_RATING_AFTER
        recorded = dict(state, recorded=True)
        return Outcome(_enter(exercise, recorded, "favourite"), said=(said,), record_run=True)
    if phase in ("favourite", "save"):
        choice = _yes_or_no(reply)
        if choice is None:
            return Outcome(state, said=(_YES_NO_AGAIN,))
        if phase == "favourite":
            added = choice == YES
            next_state = _enter(exercise, dict(state, favourite=added), "save")
            return Outcome(next_state, add_favourite=added)
        notes = _written(exercise, state["answers"]) if choice == YES else {}
        return Outcome(_enter(exercise, state, "done"), notes=notes)
    return Outcome(state)


def _yes_or_no(reply: Reply) -> str | None:
    if reply.kind in (YES_REPLY, NO_REPLY):
        return reply.kind
    if reply.kind == SKIP_REPLY:
        return NO
    words = reply.value.strip().casefold()
    return {"yes": YES, "no": NO}.get(words)


def is_resumable(state: Any) -> bool:
    """Paused, or left in the middle without a pause (a conversation that timed
    out, or a crisis answer that ended the form): either way there is a place to
    go back to."""
    return is_paused(state) or is_active(state)


def resume(state: Any, now: Now) -> Outcome | None:
    """Carry on where the run was left; None if there is nothing to carry on."""
    if not is_resumable(state):
        return None
    _, state = checked(state)
    if state["status"] == "paused":
        resumed, _ = runner.resume(state, now)
        state = dict(state, **resumed)
    return Outcome(state, said=(runner.RESUMED,))


def stop(state: Any, now: Now) -> Outcome:
    """End the run at once. Finished steps still count as a run; typed words go."""
    try:
        exercise, state = checked(state)
    except (StateError, KeyError):
        return Outcome({})
    record = state["phase"] == "after" and not state["recorded"]
    if state["phase"] in ("before", "steps"):
        stopped, _ = runner.stop(state, now)
        state = dict(state, **stopped)
    ended = dict(_enter(exercise, state, "done"), recorded=state["recorded"] or record)
    return Outcome(ended, record_run=record)


def leave(state: Any, now: Now) -> Outcome:
    """Going to the menu mid-exercise keeps the place, like a pause.

    Before the first step there is no place to keep, so the run simply ends;
    after the steps, the questions left are dropped as with stop.
    """
    try:
        _, current = checked(state)
    except (StateError, KeyError):
        return Outcome({})
    if current["phase"] == "steps":
        paused, _ = runner.pause(current, now)
        return Outcome(dict(current, **paused))
    return stop(state, now)
