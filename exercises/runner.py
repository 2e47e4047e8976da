"""A step-by-step exercise runner as pure functions over a small state dict.

The state lives in a Rasa slot, so it must survive JSON, restarts and days
away: it holds only ids, numbers and text, and every function returns a new
dict instead of changing the one it was given. The person leads: they can
pause, skip or stop at any point, and a stale button from an old message
never moves an exercise that has already ended.

State:
    {"exercise": id, "step": index, "status": "running" | "paused" | "finished"
     | "stopped", "answers": {prompt_key: text}, "save_answers": bool,
     "rating_before": int | None, "rating_after": int | None, "updated": iso date}
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from exercises import library
from exercises.model import Exercise, Pace, Step
from exercises.ratings import check_rating, parse_rating

NEXT = "/exercise_next"
SKIP = "/skip"
PAUSE = "/exercise_pause"
RESUME = "/exercise_resume"
STOP = "/stop"

STATUSES = ("running", "paused", "finished", "stopped")
MAX_ANSWER_CHARS = 1000

ASK_AGAIN_WRITE = "No rush. Type a few words when you're ready, or tap Skip to move on."
ASK_AGAIN_CHOICE = "Please tap one of the options, or Skip to move on."
_PAUSED = "Paused. Your place is saved, so you can come back whenever you like."
RESUMED = "Welcome back. Here's where you left off."
STOPPED = "Okay, we've stopped there. You can come back to this any time."


# When something happened: the action passes the UK clock's now; only the day is kept.
Now = date | datetime


class StateError(ValueError):
    """A stored state that cannot be carried on (say, its exercise was removed)."""


@dataclass(frozen=True)
class Timed:
    """How long a timed step lasts, and a breathing rhythm if it has one."""

    seconds: int
    pace: Pace | None = None


@dataclass(frozen=True)
class Prompt:
    """What the action should show next.

    `kind` is the current step's kind ("info" for pause, stop and the end);
    `finished` is true once the exercise has ended, completed or stopped, and
    `status` says which.
    """

    text: str
    kind: str
    buttons: tuple[tuple[str, str], ...]
    status: str = "running"
    timed: Timed | None = None
    progress: str | None = None
    finished: bool = False
    step_id: str | None = None
    prompt_key: str | None = None


def answer_payload(value: str) -> str:
    """The intent payload a choice button sends, with the value as an entity."""
    return "/exercise_answer" + json.dumps({"exercise_answer": value})


def _day(now: Now) -> str:
    return (now.date() if isinstance(now, datetime) else now).isoformat()


def _stored_rating(value: Any) -> int | None:
    """A saved rating, or None if it is missing or was never valid."""
    return None if value is None else parse_rating(value)


def checked(state: Any) -> tuple[Exercise, dict]:
    """A checked copy of a stored state, and its exercise."""
    if not isinstance(state, dict):
        raise StateError("exercise state must be a dict")
    try:
        exercise = library.get(state["exercise"])
    except (KeyError, TypeError):
        raise StateError(f"unknown exercise in state: {state.get('exercise')!r}") from None
    status, step = state.get("status"), state.get("step")
    if status not in STATUSES:
        raise StateError(f"unknown status in state: {status!r}")
    if isinstance(step, bool) or not isinstance(step, int) or step < 0:
        raise StateError(f"bad step in state: {step!r}")
    answers = state.get("answers")
    answers = {} if answers is None else answers
    if not isinstance(answers, dict):
        raise StateError("answers in state must be a dict")
    copy = {
        "exercise": exercise.id,
        "step": step,
        "status": status,
        "answers": {str(key): str(value) for key, value in answers.items()},
        "save_answers": bool(state.get("save_answers", False)),
        "rating_before": _stored_rating(state.get("rating_before")),
        "rating_after": _stored_rating(state.get("rating_after")),
        "updated": state.get("updated"),
    }
    if status in ("running", "paused"):
        # The content may have lost steps since this was saved: carry on at the last one.
        copy["step"] = min(step, len(exercise.steps) - 1)
    return exercise, copy


def _controls(step: Step) -> tuple[tuple[str, str], ...]:
    if step.kind == "info":
        return (("Next", NEXT), ("Pause", PAUSE), ("Stop", STOP))
    if step.kind == "timed":
        return (("Done", NEXT), ("Skip", SKIP), ("Pause", PAUSE), ("Stop", STOP))
    options = tuple((option.title, answer_payload(option.value)) for option in step.options)
    return options + (("Skip", SKIP), ("Pause", PAUSE), ("Stop", STOP))


def _step_prompt(exercise: Exercise, index: int, before: str | None = None) -> Prompt:
    step = exercise.steps[index]
    text = f"{before}\n\n{step.text}" if before else step.text
    timed = Timed(step.seconds, step.pace) if step.kind == "timed" and step.seconds else None
    return Prompt(
        text=text,
        kind=step.kind,
        buttons=_controls(step),
        timed=timed,
        progress=f"Step {index + 1} of {len(exercise.steps)}",
        step_id=step.id,
        prompt_key=step.prompt_key,
    )


def _prompt(exercise: Exercise, state: dict) -> Prompt:
    status = state["status"]
    if status == "running":
        return _step_prompt(exercise, state["step"])
    if status == "paused":
        buttons = (("Carry on", RESUME), ("Stop", STOP))
        return Prompt(text=_PAUSED, kind="info", buttons=buttons, status=status)
    text = exercise.outro if status == "finished" else STOPPED
    return Prompt(text=text, kind="info", buttons=(), status=status, finished=True)


def _end(state: dict, status: str, now: Now) -> dict:
    """Close the exercise; what was typed goes unless the person chose to keep it."""
    ended = dict(state, status=status, updated=_day(now))
    if not ended["save_answers"]:
        ended["answers"] = {}
    return ended


def _go_to(exercise: Exercise, state: dict, index: int, now: Now) -> tuple[dict, Prompt]:
    if index >= len(exercise.steps):
        ended = _end(dict(state, step=len(exercise.steps)), "finished", now)
        return ended, _prompt(exercise, ended)
    moved = dict(state, step=index, status="running", updated=_day(now))
    return moved, _prompt(exercise, moved)


def start(exercise_id: str, now: Now, *, save_answers: bool = False) -> tuple[dict, Prompt]:
    """A fresh run at the first step, shown after the exercise's introduction."""
    exercise = library.get(exercise_id)
    state = {
        "exercise": exercise.id,
        "step": 0,
        "status": "running",
        "answers": {},
        "save_answers": bool(save_answers),
        "rating_before": None,
        "rating_after": None,
        "updated": _day(now),
    }
    return state, _step_prompt(exercise, 0, before=exercise.intro)


def current_prompt(state: dict) -> Prompt:
    """What to show for a stored state, without changing it."""
    exercise, state = checked(state)
    return _prompt(exercise, state)


def advance(state: dict, now: Now, *, answer: str | None = None) -> tuple[dict, Prompt]:
    """Go on from the current step, taking the answer a write or choice step needs.

    An empty answer to a write step, or one that is not an option of a choice
    step, asks again kindly instead of moving on. A paused exercise resumes
    where it was rather than skipping the step the person has not seen.
    """
    exercise, state = checked(state)
    if state["status"] == "paused":
        return resume(state, now)
    if state["status"] != "running":
        return state, _prompt(exercise, state)
    index = state["step"]
    step = exercise.steps[index]
    text = (answer or "").strip()
    if step.kind == "write":
        if not text:
            return state, _step_prompt(exercise, index, before=ASK_AGAIN_WRITE)
        answers = dict(state["answers"], **{step.prompt_key: text[:MAX_ANSWER_CHARS]})
        return _go_to(exercise, dict(state, answers=answers), index + 1, now)
    if step.kind == "choice":
        option = step.option(text) if text else None
        if option is None:
            return state, _step_prompt(exercise, index, before=ASK_AGAIN_CHOICE)
        answers = dict(state["answers"], **{step.prompt_key or step.id: option.value})
        target = exercise.step_index(option.next) if option.next else index + 1
        return _go_to(exercise, dict(state, answers=answers), target, now)
    return _go_to(exercise, state, index + 1, now)


def skip(state: dict, now: Now) -> tuple[dict, Prompt]:
    """Move past the current step without an answer; never asks why."""
    exercise, state = checked(state)
    if state["status"] not in ("running", "paused"):
        return state, _prompt(exercise, state)
    return _go_to(exercise, state, state["step"] + 1, now)


def pause(state: dict, now: Now) -> tuple[dict, Prompt]:
    """Keep the place for later: today, tomorrow or next week."""
    exercise, state = checked(state)
    if state["status"] == "running":
        state = dict(state, status="paused", updated=_day(now))
    return state, _prompt(exercise, state)


def resume(state: dict, now: Now) -> tuple[dict, Prompt]:
    """Pick up a paused exercise at the step where it was left."""
    exercise, state = checked(state)
    if state["status"] == "paused":
        state = dict(state, status="running", updated=_day(now))
        return state, _step_prompt(exercise, state["step"], before=RESUMED)
    return state, _prompt(exercise, state)


def stop(state: dict, now: Now) -> tuple[dict, Prompt]:
    """End the exercise here. Always allowed, never questioned."""
    exercise, state = checked(state)
    if state["status"] in ("running", "paused"):
        state = _end(state, "stopped", now)
    return state, _prompt(exercise, state)


def set_rating(state: dict, which: str, value: object) -> dict:
    """Record a 0-10 rating from before or after the exercise.

    Raises RatingError (with a message fit to show) for anything that is not
    a whole number from 0 to 10, so the action can simply ask again.
    """
    if which not in ("before", "after"):
        raise ValueError(f"which must be 'before' or 'after', not {which!r}")
    _, state = checked(state)
    return dict(state, **{f"rating_{which}": check_rating(value)})
