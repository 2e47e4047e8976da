"""Times said the way people say them, everywhere the companion says one."""

from datetime import datetime, time

import pytest

from common.clock import UK, say_time


@pytest.mark.parametrize(("moment", "words"), [
    (time(18), "6pm"), (time(2), "2am"), (time(0), "midnight"), (time(12), "midday"),
    (time(9, 30), "9:30am"), (time(13, 5), "1:05pm"), (time(0, 30), "12:30am"),
    (datetime(2026, 12, 3, 19, 0, tzinfo=UK), "7pm"),
])
def test_clock_times_in_words(moment, words) -> None:
    assert say_time(moment) == words
