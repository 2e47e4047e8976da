"""Every exercise step shows how to stop and how to reach someone now; relaxed breathing's
words match its timer (issue 13, finding 7)."""

import pytest

from common.clock import uk_now
from exercises import flow, library
from exercises.screens import STEP_FOOTER, screen


@pytest.mark.parametrize("exercise", library.all_exercises(), ids=lambda e: e.id)
def test_every_step_shows_stop_and_someone_to_talk_to(exercise):
    started = flow.begin(exercise.id, uk_now())
    for index in range(len(exercise.steps)):
        shown = screen(dict(started, phase="steps", step=index))
        assert shown.text.endswith(STEP_FOOTER), (exercise.id, index)
    assert "stop" in STEP_FOOTER.lower() and "/sos" in STEP_FOOTER


def test_relaxed_breathing_counts_one_to_five_each_way_with_no_hold():
    breathing = library.get("paced_breathing")
    [timed] = [s for s in breathing.steps if s.pace]
    assert (timed.pace.breathe_in, timed.pace.breathe_out) == (5, 5)
    words = " ".join(s.text for s in breathing.steps)
    assert "whatever suits" not in words
    assert "one to five" in words and "without holding" in words
    assert getattr(timed.pace, "hold", 0) in (0, None)
