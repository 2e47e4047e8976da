"""The conversation around a run: ratings, steps, favourite, keeping notes.

Every state goes through JSON between replies, as it does in the Rasa slot.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from exercises import flow, library, runner, screens
from exercises.replies import Reply, read_reply
from exercises.runner import StateError

DAY = date(2026, 11, 23)
IDS = [exercise.id for exercise in library.all_exercises()]


def through_json(state: dict) -> dict:
    return json.loads(json.dumps(state))


def reply_for(state: dict) -> Reply:
    """A plausible reply to whatever is asked now."""
    exercise = library.get(state["exercise"])
    if state["phase"] in ("before", "after"):
        return Reply("text", "6")
    if state["phase"] in ("favourite", "save"):
        return Reply("yes", "aye")
    step = exercise.steps[state["step"]]
    if step.kind == "write":
        return Reply("text", "what I wrote")
    if step.kind == "choice":
        return Reply("text", step.options[0].value)
    return Reply("next")


def run_to_end(state: dict) -> list[flow.Outcome]:
    outcomes = []
    for _ in range(100):
        if not flow.is_active(state):
            return outcomes
        screens.screen(state)
        outcome = flow.respond(through_json(state), reply_for(state), DAY)
        outcomes.append(outcome)
        state = through_json(outcome.state)
    raise AssertionError("the run never ended")


@pytest.mark.parametrize("exercise_id", IDS)
def test_every_exercise_runs_through_every_phase(exercise_id: str) -> None:
    outcomes = run_to_end(flow.begin(exercise_id, DAY))
    final = outcomes[-1].state
    assert final["phase"] == "done" and final["answers"] == {}
    assert sum(o.record_run for o in outcomes) == 1
    assert sum(o.add_favourite for o in outcomes) == 1
    written = [o.notes for o in outcomes if o.notes]
    has_write = any(s.kind == "write" for s in library.get(exercise_id).steps)
    assert bool(written) == has_write
    exercise = library.get(exercise_id)
    assert exercise.outro in [text for o in outcomes for text in o.said]
    assert final["rating_before"] == 6 and final["rating_after"] == 6


@pytest.mark.parametrize("exercise_id", IDS)
def test_pause_and_resume_at_every_step_keep_the_place(exercise_id: str) -> None:
    exercise = library.get(exercise_id)
    for index in range(len(exercise.steps)):
        state = flow.respond(flow.begin(exercise_id, DAY), Reply("skip"), DAY).state
        for _ in range(index):
            state = flow.respond(state, Reply("skip"), DAY).state
        assert state["step"] == index
        paused = through_json(flow.respond(state, Reply("pause"), DAY).state)
        assert flow.is_paused(paused) and not flow.is_active(paused)
        resumed = flow.resume(paused, date(2026, 11, 25))
        assert resumed is not None and resumed.said == (runner.RESUMED,)
        assert resumed.state["step"] == index and flow.is_active(resumed.state)
        assert screens.screen(resumed.state).text == screens.screen(state).text


@pytest.mark.parametrize("exercise_id", IDS)
def test_stop_at_every_step_ends_at_once_and_drops_what_was_written(exercise_id: str) -> None:
    exercise = library.get(exercise_id)
    state = flow.respond(flow.begin(exercise_id, DAY), Reply("skip"), DAY).state
    for _ in range(len(exercise.steps)):
        outcome = flow.stop(through_json(state), DAY)
        assert outcome.state["phase"] == "done" and outcome.state["answers"] == {}
        assert not flow.is_active(outcome.state) and not outcome.record_run
        assert not outcome.notes
        state = flow.respond(state, reply_for(state), DAY).state


def test_stop_after_the_steps_still_counts_the_run_once() -> None:
    state = flow.begin("grounding_54321", DAY)
    while state["phase"] != "after":
        state = flow.respond(state, reply_for(state), DAY).state
    stopped = flow.stop(state, DAY)
    assert stopped.record_run and stopped.state["recorded"]
    assert not flow.stop(stopped.state, DAY).record_run


def test_a_bad_rating_is_asked_again_kindly_and_a_word_number_counts() -> None:
    state = flow.begin("paced_breathing", DAY)
    again = flow.respond(state, Reply("text", "pretty bad"), DAY)
    assert again.state["phase"] == "before"
    assert again.said == ("Please send a whole number from 0 to 10, like 3 or 7.",)
    taken = flow.respond(state, Reply("text", "seven"), DAY)
    assert taken.state["phase"] == "steps" and taken.state["rating_before"] == 7
    skipped = flow.respond(state, Reply("no", "naw"), DAY)
    assert skipped.state["phase"] == "steps" and skipped.state["rating_before"] is None


def test_the_change_is_reflected_without_praise() -> None:
    state = flow.respond(flow.begin("grounding_54321", DAY), Reply("text", "8"), DAY).state
    while state["phase"] == "steps":
        state = flow.respond(state, Reply("next"), DAY).state
    outcome = flow.respond(state, Reply("text", "5"), DAY)
    assert outcome.said[0].startswith("You were at 8 and now you're at 5.")
    assert not any(word in outcome.said[0].lower() for word in ("well done", "great", "proud"))
    assert outcome.record_run and outcome.state["phase"] == "favourite"


def test_no_rating_after_gets_a_plain_thanks() -> None:
    state = flow.respond(flow.begin("grounding_54321", DAY), Reply("skip"), DAY).state
    while state["phase"] == "steps":
        state = flow.respond(state, Reply("next"), DAY).state
    outcome = flow.respond(state, Reply("skip"), DAY)
    assert outcome.said == ("Thanks for doing that with me.",)


def test_a_favourite_is_not_asked_again_and_nothing_written_means_no_save_question() -> None:
    state = flow.begin("grounding_54321", DAY, is_favourite=True)
    outcomes = run_to_end(state)
    assert not any(o.add_favourite for o in outcomes)
    phases = [o.state["phase"] for o in outcomes]
    assert "favourite" not in phases and "save" not in phases


def test_saying_no_to_keeping_notes_lets_them_go() -> None:
    state = flow.begin("thought_record", DAY)
    while state["phase"] != "save":
        state = flow.respond(state, reply_for(state), DAY).state
    assert state["answers"]
    outcome = flow.respond(state, Reply("no", "naw"), DAY)
    assert outcome.notes == {} and outcome.state["answers"] == {}


def test_yes_keeps_only_written_words_by_step() -> None:
    state = flow.begin("worry_time", DAY)
    while state["phase"] != "save":
        state = flow.respond(state, reply_for(state), DAY).state
    notes = flow.respond(state, Reply("yes"), DAY).notes
    assert notes and set(notes.values()) == {"what I wrote"}
    assert "can_act" not in notes  # a tapped choice is not the person's own words


def test_an_empty_write_or_a_wrong_choice_is_asked_again() -> None:
    state = flow.respond(flow.begin("worry_time", DAY), Reply("skip"), DAY).state
    again = flow.respond(state, Reply("next", ""), DAY)
    assert again.state == state and again.said == (runner.ASK_AGAIN_WRITE,)
    state = flow.respond(state, Reply("text", "money"), DAY).state
    wrong = flow.respond(state, Reply("text", "dunno"), DAY)
    assert wrong.state == state and wrong.said == (runner.ASK_AGAIN_CHOICE,)
    jumped = flow.respond(state, read_reply("exercise_answer", "/exercise_answer", "what_if"), DAY)
    assert library.get("worry_time").steps[jumped.state["step"]].id == "let_go"


def test_yes_or_no_questions_ask_again_for_anything_else() -> None:
    state = flow.begin("grounding_54321", DAY)
    while state["phase"] != "favourite":
        state = flow.respond(state, reply_for(state), DAY).state
    outcome = flow.respond(state, Reply("text", "maybe"), DAY)
    assert outcome.said == ("Please tap Yes or No.",) and outcome.state == state


def test_a_timed_step_has_a_timer_payload_and_the_plain_text() -> None:
    state = flow.respond(flow.begin("paced_breathing", DAY), Reply("skip"), DAY).state
    exercise = library.get("paced_breathing")
    while exercise.steps[state["step"]].kind != "timed":
        state = flow.respond(state, Reply("next"), DAY).state
    screen = screens.screen(state)
    step = exercise.steps[state["step"]]
    assert step.text in screen.text and screen.text.startswith("Step 4 of 5")
    assert screen.timer == {
        "kind": "timer", "text": "Breathe in for 5, out for 5.", "seconds": 180, "tick": 5,
        "done_text": "Time's up. Tap Done when you're ready.",
    }
    assert ("Done", runner.NEXT) in screen.buttons and ("Stop", runner.STOP) in screen.buttons


def test_steps_without_a_timer_have_none() -> None:
    state = flow.respond(flow.begin("thought_record", DAY), Reply("skip"), DAY).state
    assert screens.screen(state).timer is None


@pytest.mark.parametrize(
    ("intent", "text", "answer", "expected"),
    [
        ("exercise_next", "/exercise_next", None, Reply("next", "")),
        ("carry_on", "keep going", None, Reply("next", "keep going")),
        ("skip", "skip this step", None, Reply("skip", "skip this step")),
        ("exercise_pause", "/exercise_pause", None, Reply("pause", "")),
        ("exercise_answer", "/exercise_answer", "yes", Reply("yes", "yes")),
        ("exercise_answer", "/exercise_answer", "what_if", Reply("text", "what_if")),
        ("affirm", "aye", None, Reply("yes", "aye")),
        ("deny", "naw", None, Reply("no", "naw")),
        ("share_feeling", "worried about money", None, Reply("text", "worried about money")),
        (None, None, None, Reply("text", "")),
        ("start_exercise", '/start_exercise{"exercise_id": "x"}', None, Reply("other_tap")),
    ],
)
def test_read_reply(intent, text, answer, expected) -> None:
    assert read_reply(intent, text, answer) == expected


def test_typed_yes_on_a_write_step_is_the_answer() -> None:
    state = flow.respond(flow.begin("worry_time", DAY), Reply("skip"), DAY).state
    moved = flow.respond(state, read_reply("affirm", "aye, the bills", None), DAY).state
    assert moved["answers"]["worry"] == "aye, the bills"


def test_leaving_for_the_menu_keeps_the_place_in_the_steps_only() -> None:
    state = flow.begin("paced_breathing", DAY)
    assert flow.leave(state, DAY).state["phase"] == "done"
    state = flow.respond(state, Reply("skip"), DAY).state
    left = flow.leave(state, DAY)
    assert flow.is_paused(left.state) and left.state["step"] == 0


def test_broken_states_are_not_carried_on() -> None:
    for broken in (None, {}, {"phase": "steps"}, {"exercise": "gone", "phase": "steps",
                                                  "status": "running", "step": 0}):
        assert not flow.is_active(broken) and not flow.is_paused(broken)
        assert flow.resume(broken, DAY) is None and not flow.is_resumable(broken)
        assert flow.stop(broken, DAY).state == {}
    with pytest.raises(StateError):
        screens.screen({"phase": "nowhere"})


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("1", "practical"), ("the first one", "practical"), ("top", "practical"),
     ("2", "what_if"), ("second", "what_if"), ("the last one", "what_if"),
     ("It's a \"what if\"", "what_if"), ("3", None), ("first or second", None), ("dunno", None)],
)
def test_a_typed_choice_by_position(typed: str, expected: str | None) -> None:
    step = library.get("worry_time").steps[1]
    found = step.option(typed)
    assert (found.value if found else None) == expected



def test_a_button_from_an_earlier_message_changes_nothing_and_says_where_we_are() -> None:
    state = flow.respond(flow.begin("worry_time", DAY), Reply("skip"), DAY).state
    outcome = flow.respond(state, read_reply("browse_exercises", "/browse_exercises"), DAY)
    assert outcome.state == state
    assert outcome.said[0].startswith("We're still in the middle of Worry time and worry tree.")


def test_a_finished_or_stopped_run_is_not_resumable() -> None:
    state = flow.begin("grounding_54321", DAY)
    assert flow.is_resumable(state)
    assert not flow.is_resumable(flow.stop(state, DAY).state)
    assert not flow.is_resumable(run_to_end(state)[-1].state)
