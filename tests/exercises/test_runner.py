"""The runner over every exercise: the person can always finish, pause, skip or stop.

The state goes through JSON at every step, as it does when Rasa keeps it in a
slot between messages and across days.
"""

from __future__ import annotations

import copy
import json
from datetime import date, datetime

import pytest

from exercises import library, runner
from exercises.ratings import RatingError, parse_rating, reflect_change
from exercises.runner import (
    MAX_ANSWER_CHARS,
    NEXT,
    PAUSE,
    RESUME,
    SKIP,
    STOP,
    Prompt,
    StateError,
    advance,
    current_prompt,
    pause,
    resume,
    set_rating,
    skip,
    start,
    stop,
)

DAY = date(2026, 11, 23)
LATER = date(2026, 11, 30)
IDS = [exercise.id for exercise in library.all_exercises()]
CONTROLS = {NEXT, SKIP, PAUSE, RESUME, STOP}
PRAISE = ("well done", "great", "good job", "brilliant", "amazing", "proud", "excellent",
          "fantastic", "congratulations", "nice one", "superb")


def round_trip(state: dict) -> dict:
    """What Rasa gives back: the state through JSON."""
    back = json.loads(json.dumps(state))
    assert back == state
    assert current_prompt(back) == current_prompt(state)
    return back


def answer_for(step) -> str | None:
    if step.kind == "write":
        return "something I typed"
    if step.kind == "choice":
        return step.options[-1].value if step.options[-1].next is None else step.options[0].value
    return None


def walk_to(exercise_id: str, index: int) -> dict:
    """A running state at a given step, reached by skipping."""
    state, _ = start(exercise_id, DAY)
    for _ in range(index):
        state, _ = skip(round_trip(state), DAY)
    assert state["step"] == index and state["status"] == "running"
    return state


def check_buttons(prompt: Prompt) -> None:
    for title, payload in prompt.buttons:
        assert title and len(title) <= 30
        assert payload in CONTROLS or payload.startswith("/exercise_answer{")


@pytest.mark.parametrize("exercise_id", IDS)
class TestEveryExercise:
    def test_completes_by_advancing(self, exercise_id: str) -> None:
        exercise = library.get(exercise_id)
        state, prompt = start(exercise_id, DAY)
        assert prompt.text.startswith(exercise.intro) and exercise.steps[0].text in prompt.text
        seen = 0
        while not prompt.finished:
            assert prompt.progress == f"Step {state['step'] + 1} of {len(exercise.steps)}"
            check_buttons(prompt)
            step = exercise.steps[state["step"]]
            state, prompt = advance(round_trip(state), DAY, answer=answer_for(step))
            seen += 1
            assert seen <= len(exercise.steps)
        assert state["status"] == "finished" and prompt.status == "finished"
        assert prompt.text == exercise.outro and prompt.buttons == ()
        assert state["answers"] == {}
        round_trip(state)

    def test_keeps_answers_only_when_asked(self, exercise_id: str) -> None:
        exercise = library.get(exercise_id)
        state, prompt = start(exercise_id, DAY, save_answers=True)
        while not prompt.finished:
            step = exercise.steps[state["step"]]
            state, prompt = advance(round_trip(state), DAY, answer=answer_for(step))
        typed = [s.prompt_key for s in exercise.steps if s.kind == "write"]
        assert set(typed) <= set(state["answers"])

    def test_pause_and_resume_at_every_step(self, exercise_id: str) -> None:
        exercise = library.get(exercise_id)
        for index, step in enumerate(exercise.steps):
            state = walk_to(exercise_id, index)
            paused, prompt = pause(state, LATER)
            assert paused["status"] == "paused" and paused["step"] == index
            assert paused["updated"] == LATER.isoformat()
            assert not prompt.finished and (("Carry on", RESUME) in prompt.buttons)
            paused = round_trip(paused)
            again, prompt = pause(paused, LATER)
            assert again == paused
            back, prompt = resume(paused, LATER)
            assert back["status"] == "running" and back["step"] == index
            assert prompt.step_id == step.id and prompt.text.endswith(step.text)
            via_next, prompt = advance(paused, LATER, answer=answer_for(step))
            assert via_next == back and prompt.step_id == step.id

    def test_skip_at_every_step(self, exercise_id: str) -> None:
        exercise = library.get(exercise_id)
        for index in range(len(exercise.steps)):
            state, prompt = skip(walk_to(exercise_id, index), DAY)
            assert state["answers"] == {}
            if index + 1 < len(exercise.steps):
                assert state["step"] == index + 1 and prompt.step_id == exercise.steps[index + 1].id
            else:
                assert state["status"] == "finished" and prompt.finished

    def test_stop_at_every_step(self, exercise_id: str) -> None:
        exercise = library.get(exercise_id)
        for index in range(len(exercise.steps)):
            state = dict(walk_to(exercise_id, index), answers={"earlier": "private words"})
            stopped, prompt = stop(state, DAY)
            assert stopped["status"] == "stopped" and prompt.finished
            assert prompt.status == "stopped" and prompt.buttons == ()
            assert stopped["answers"] == {}
            stopped = round_trip(stopped)
            # Old buttons pressed after stopping change nothing.
            for move in (skip, pause, resume, stop):
                assert move(stopped, LATER)[0] == stopped
            assert advance(stopped, LATER, answer="x")[0] == stopped

    def test_stop_while_paused(self, exercise_id: str) -> None:
        paused, _ = pause(walk_to(exercise_id, 0), DAY)
        stopped, prompt = stop(paused, DAY)
        assert stopped["status"] == "stopped" and prompt.finished

    def test_never_changes_the_state_it_was_given(self, exercise_id: str) -> None:
        state = walk_to(exercise_id, 0)
        kept = copy.deepcopy(state)
        for move in (skip, pause, resume, stop):
            move(state, LATER)
        advance(state, LATER, answer="x")
        set_rating(state, "before", 4)
        assert state == kept


def test_write_step_takes_the_answer_and_asks_again_kindly() -> None:
    state = walk_to("thought_record", 2)
    step = library.get("thought_record").steps[2]
    for empty in (None, "", "   "):
        same, prompt = advance(state, DAY, answer=empty)
        assert same == state and prompt.step_id == step.id
        assert prompt.text.startswith("No rush") and prompt.text.endswith(step.text)
    moved, _ = advance(state, DAY, answer="  I always get it wrong  ")
    assert moved["answers"] == {"thought": "I always get it wrong"} and moved["step"] == 3
    long, _ = advance(state, DAY, answer="x" * 5000)
    assert len(long["answers"]["thought"]) == MAX_ANSWER_CHARS


def test_choice_step_takes_a_value_or_title_and_asks_again_otherwise() -> None:
    state = walk_to("behavioural_activation", 0)
    prompt = current_prompt(state)
    assert prompt.kind == "choice"
    assert ("Something I enjoy", '/exercise_answer{"exercise_answer": "enjoy"}') in prompt.buttons
    for wrong in (None, "", "banana", "yes"):
        same, prompt = advance(state, DAY, answer=wrong)
        assert same == state and prompt.text.startswith("Please tap one of the options")
    by_value, _ = advance(state, DAY, answer="connect")
    by_title, _ = advance(state, DAY, answer="being in touch with someone")
    assert by_value["answers"] == by_title["answers"] == {"activity_type": "connect"}
    assert by_value["step"] == 1


def test_a_choice_can_jump_ahead() -> None:
    exercise = library.get("worry_time")
    state, _ = advance(walk_to("worry_time", 0), DAY, answer="exams")
    what_if, prompt = advance(state, DAY, answer="what_if")
    assert prompt.step_id == "let_go" and what_if["step"] == exercise.step_index("let_go")
    practical, prompt = advance(state, DAY, answer="practical")
    assert prompt.step_id == "action"


def test_timed_steps_carry_their_timing() -> None:
    state = walk_to("paced_breathing", 3)
    prompt = current_prompt(state)
    assert prompt.kind == "timed" and prompt.timed.seconds == 180
    assert (prompt.timed.pace.breathe_in, prompt.timed.pace.breathe_out) == (5, 5)
    assert ("Done", NEXT) in prompt.buttons and ("Skip", SKIP) in prompt.buttons
    relax = current_prompt(walk_to("muscle_relaxation", 1))
    assert relax.timed.seconds == 20 and relax.timed.pace is None
    assert current_prompt(walk_to("paced_breathing", 0)).timed is None


def test_every_step_offers_pause_and_stop() -> None:
    for exercise in library.all_exercises():
        for index in range(len(exercise.steps)):
            buttons = current_prompt(walk_to(exercise.id, index)).buttons
            assert ("Pause", PAUSE) in buttons and ("Stop", STOP) in buttons


def test_a_datetime_is_stamped_as_a_date() -> None:
    state, _ = start("self_compassion", datetime(2026, 11, 23, 23, 30))
    assert state["updated"] == "2026-11-23"


@pytest.mark.parametrize(
    "broken",
    [
        None,
        "paced_breathing",
        {"exercise": "gone_now", "step": 0, "status": "running"},
        {"exercise": "paced_breathing", "step": 0, "status": "dancing"},
        {"exercise": "paced_breathing", "step": -1, "status": "running"},
        {"exercise": "paced_breathing", "step": "2", "status": "running"},
        {"exercise": "paced_breathing", "step": 0, "status": "running", "answers": []},
    ],
)
def test_a_state_that_cannot_go_on_says_so(broken: object) -> None:
    with pytest.raises(StateError):
        current_prompt(broken)


def test_a_step_past_the_end_after_content_changed_carries_on_at_the_last() -> None:
    last = len(library.get("paced_breathing").steps) - 1
    state = {"exercise": "paced_breathing", "step": 99, "status": "paused"}
    back, prompt = resume(state, DAY)
    assert back["step"] == last and prompt.step_id == library.get("paced_breathing").steps[-1].id


@pytest.mark.parametrize("value", [0, 5, 10, "7", " 3 ", "7/10", "7 out of 10", "seven", "Ten"])
def test_ratings_accept_0_to_10(value: object) -> None:
    state, _ = start("paced_breathing", DAY)
    rated = set_rating(set_rating(state, "before", value), "after", 2)
    assert rated["rating_before"] == parse_rating(value) and rated["rating_after"] == 2
    assert round_trip(rated) == rated


@pytest.mark.parametrize("value", [-1, 11, 7.5, "7.5", "eleven", "lots", "", None, True, [7]])
def test_ratings_refuse_anything_else_kindly(value: object) -> None:
    state, _ = start("paced_breathing", DAY)
    with pytest.raises(RatingError, match="0 to 10"):
        set_rating(state, "before", value)


def test_rating_needs_before_or_after() -> None:
    state, _ = start("paced_breathing", DAY)
    with pytest.raises(ValueError):
        set_rating(state, "during", 5)


def test_ratings_survive_the_end() -> None:
    state, _ = start("self_compassion", DAY)
    state = set_rating(state, "before", 8)
    state, _ = stop(state, DAY)
    assert set_rating(state, "after", 6)["rating_before"] == 8


def test_reflection_reports_the_numbers() -> None:
    assert reflect_change(7, 5).startswith("You were at 7 and now you're at 5.")
    assert reflect_change(4, 4).startswith("You were at 4 and you're still at 4.")
    assert reflect_change(3, 6).startswith("You were at 3 and now you're at 6.")
    assert "/sos" in reflect_change(3, 6)


@pytest.mark.parametrize("before", range(11))
def test_reflection_never_praises(before: int) -> None:
    for after in range(11):
        text = reflect_change(before, after).casefold()
        assert not any(word in text for word in PRAISE), text
        assert str(before) in text and str(after) in text


def test_reflection_refuses_numbers_off_the_scale() -> None:
    with pytest.raises(RatingError):
        reflect_change(12, 3)


def test_payload_for_a_choice_is_valid_json() -> None:
    payload = runner.answer_payload('say "hi"')
    assert json.loads(payload.removeprefix("/exercise_answer")) == {"exercise_answer": 'say "hi"'}
