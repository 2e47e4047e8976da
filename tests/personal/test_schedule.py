"""Reminder times in UK time, across the clock changes, with the clock passed in."""

from __future__ import annotations

from datetime import datetime, time, timezone

import pytest

from personal.schedule import Schedule, ScheduleError, next_due, parse_time, parse_weekday

UTC = timezone.utc


@pytest.mark.parametrize("text, expected", [
    ("7pm", time(19)), ("19:30", time(19, 30)), ("7.30 in the evening", time(19, 30)),
    ("8am", time(8)), ("half 8 at night", time(20, 30)), ("noon", time(12)),
    ("12am", time(0)), ("12pm", time(12)), ("remind me at 9 in the morning", time(9)),
])
def test_times_people_type(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["25:00", "13pm", "7:75", "whenever", "7 or 8pm", ""])
def test_bad_times_get_a_kind_message(text: str) -> None:
    with pytest.raises(ScheduleError):
        parse_time(text)


def test_weekdays() -> None:
    assert parse_weekday("sunday") == 6
    assert parse_weekday("Mon please") == 0
    with pytest.raises(ScheduleError):
        parse_weekday("someday")


def test_daily_in_winter_and_summer_stays_at_the_same_uk_time() -> None:
    seven = Schedule("daily", "19:00")
    assert next_due(seven, datetime(2026, 1, 10, 12, tzinfo=UTC)) == datetime(
        2026, 1, 10, 19, tzinfo=UTC)
    assert next_due(seven, datetime(2026, 7, 10, 12, tzinfo=UTC)) == datetime(
        2026, 7, 10, 18, tzinfo=UTC)
    # Just after today's reminder: tomorrow's.
    assert next_due(seven, datetime(2026, 7, 10, 18, 0, 1, tzinfo=UTC)) == datetime(
        2026, 7, 11, 18, tzinfo=UTC)


def test_across_the_spring_change_the_evening_reminder_keeps_its_wall_clock_time() -> None:
    seven = Schedule("daily", "19:00")
    # Saturday 28 March 2026 19:00 GMT, then Sunday 29 March 19:00 BST.
    first = next_due(seven, datetime(2026, 3, 28, 12, tzinfo=UTC))
    second = next_due(seven, first)
    assert (first, second) == (datetime(2026, 3, 28, 19, tzinfo=UTC),
                               datetime(2026, 3, 29, 18, tzinfo=UTC))


def test_a_time_that_does_not_exist_in_spring_comes_after_the_gap() -> None:
    early = Schedule("daily", "01:30")
    assert next_due(early, datetime(2026, 3, 29, 0, 10, tzinfo=UTC)) == datetime(
        2026, 3, 29, 1, 30, tzinfo=UTC)  # 2:30am BST


def test_a_time_that_happens_twice_in_autumn_reminds_once() -> None:
    early = Schedule("daily", "01:30")
    first = next_due(early, datetime(2026, 10, 24, 12, tzinfo=UTC))
    assert first == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # the first 1:30am (BST)
    assert next_due(early, first) == datetime(2026, 10, 26, 1, 30, tzinfo=UTC)


def test_weekly_falls_on_the_chosen_day() -> None:
    sundays = Schedule("weekly", "10:00", 6)
    due = next_due(sundays, datetime(2026, 11, 23, 12, tzinfo=UTC))  # a Monday
    assert due == datetime(2026, 11, 29, 10, tzinfo=UTC)
    assert next_due(sundays, due) == datetime(2026, 12, 6, 10, tzinfo=UTC)


def test_schedules_check_themselves_and_travel_as_dicts() -> None:
    with pytest.raises(ValueError):
        Schedule("weekly", "10:00")
    with pytest.raises(ValueError):
        Schedule("hourly", "10:00")
    weekly = Schedule("weekly", "09:30", 0)
    assert Schedule.from_dict(weekly.as_dict()) == weekly
    assert weekly.describe() == "every Monday at 9:30am"
    assert Schedule("daily", "12:00").describe() == "every day at midday"
