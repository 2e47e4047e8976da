"""Reminder schedules: reading the time and day people type, and when the next reminder is due.

Times are UK wall-clock times (Europe/London): a 7pm reminder stays at 7pm when the clocks
change. On the spring morning when 1:30am does not exist, a 1:30 reminder comes an hour later
(2:30 BST); on the autumn morning when 1:30am happens twice, it comes once, the first time.
Pure functions: the caller passes "now".
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from common.clock import UK, say_time

FREQUENCIES = ("daily", "weekly")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# After this many reminders in a row with no reply, reminders stop (the last one says so).
QUIET_AFTER = 3

_TIME = re.compile(
    r"\b(?:(?P<half>half)\s+(?:past\s+)?(?P<hh>\d{1,2})|(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?)"
    r"\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)?(?=\W|$)"
)
_NAMED_TIMES = {"midday": time(12, 0), "noon": time(12, 0), "midnight": time(0, 0)}
_DAY_HINTS = {"morning": "am", "night": "pm", "evening": "pm", "afternoon": "pm", "tea": "pm"}


class ScheduleError(ValueError):
    """A time or day that could not be read; the message is fit to show the person."""


@dataclass(frozen=True)
class Schedule:
    frequency: str  # "daily" or "weekly"
    at: str  # "HH:MM", UK time
    weekday: int | None = None  # 0 = Monday; weekly only

    def __post_init__(self) -> None:
        if self.frequency not in FREQUENCIES:
            raise ValueError(f"frequency must be one of {FREQUENCIES}")
        if (self.frequency == "weekly") != (self.weekday is not None):
            raise ValueError("a weekly schedule needs a weekday, a daily one none")
        parse_clock(self.at)

    @property
    def clock(self) -> time:
        return parse_clock(self.at)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Schedule:
        return cls(str(raw["frequency"]), str(raw["at"]), raw.get("weekday"))

    def describe(self) -> str:
        """ "every day at 7pm", "every Sunday at 9:30am" """
        when = say_time(self.clock)
        if self.weekday is None:
            return f"every day at {when}"
        return f"every {WEEKDAYS[self.weekday].title()} at {when}"


def parse_clock(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def parse_time(text: str) -> time:
    """A time of day from "7pm", "19:30", "7.30 in the evening", "half 8", "noon"."""
    lowered = text.lower()
    for word, moment in _NAMED_TIMES.items():
        if word in lowered:
            return moment
    matches = list(_TIME.finditer(lowered))
    if len(matches) != 1:
        raise ScheduleError("What time suits you? Something like 7pm, 19:30 or 8.15am.")
    found = matches[0]
    hour = int(found["hh"] or found["h"])
    minute = 30 if found["half"] else int(found["m"] or 0)
    ampm = (found["ampm"] or "").replace(".", "")
    if not ampm:
        ampm = next((hint for word, hint in _DAY_HINTS.items() if word in lowered), "")
    if minute > 59 or hour > 23 or (ampm and not 1 <= hour <= 12):
        raise ScheduleError("That time doesn't look right. Try something like 7pm or 19:30.")
    if ampm == "pm" and hour != 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    return time(hour, minute)


def parse_weekday(text: str) -> int:
    lowered = text.lower()
    found = [i for i, day in enumerate(WEEKDAYS) if day[:3] in lowered]
    if len(found) != 1:
        raise ScheduleError("Which day of the week? Monday, Tuesday, and so on.")
    return found[0]


def parse_frequency(text: str) -> str | None:
    lowered = text.lower()
    if any(word in lowered for word in ("week", *(d[:3] for d in WEEKDAYS))):
        return "weekly"
    if any(word in lowered for word in ("day", "daily", "night", "morning", "evening")):
        return "daily"
    return None


def _uk_moment(day: date, clock: time) -> datetime:
    """The instant of `clock` on `day` in the UK.

    fold=0 (the default) reads a time that happens twice as its first occurrence, and a time
    skipped in spring with the winter offset, which lands an hour later in summer time.
    """
    return datetime.combine(day, clock, tzinfo=UK).astimezone(timezone.utc)


def next_due(schedule: Schedule, after: datetime) -> datetime:
    """The first reminder moment strictly after `after` (any timezone), in UTC."""
    local_day = after.astimezone(UK).date()
    for offset in range(0, 9):
        day = local_day + timedelta(days=offset)
        if schedule.weekday is not None and day.weekday() != schedule.weekday:
            continue
        moment = _uk_moment(day, schedule.clock)
        if moment > after:
            return moment
    raise AssertionError("a daily or weekly moment always falls within nine days")
