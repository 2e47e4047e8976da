"""Is a contact answering at a given moment, and if not, when does it open?

Opening rules are Europe/London wall-clock times. Every span is turned into
UTC before comparing, because Python compares two datetimes that share a
tzinfo by their wall clock alone, which is wrong on the nights the clocks change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import cache
from typing import Protocol

import holidays

from common.clock import UK

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class OpeningRule:
    """A weekly span in Europe/London wall-clock time.

    Kept as wall-clock times, not durations, so that the clock changes move
    the spans exactly as they move the organisation's own rota.
    """

    days: tuple[int, ...]  # 0 = Monday, as datetime.weekday()
    opens: time
    closes: time
    closes_on: int | None = None

    def days_until_close(self, weekday: int) -> int:
        """Whole days from the opening day to the closing day of one span."""
        if self.closes_on is not None:
            gap = (self.closes_on - weekday) % 7
            if gap == 0 and self.closes <= self.opens:
                gap = 7
            return gap
        return 1 if self.closes <= self.opens else 0


@dataclass(frozen=True)
class Hours:
    """When a contact answers. `known` is False where the source gives no hours."""

    always: bool = False
    rules: tuple[OpeningRule, ...] = ()
    known: bool = True
    # Closed on Scottish bank holidays (the weekly rules do not apply on those days).
    closed_on_bank_holidays: bool = False


class HasHours(Protocol):
    """Anything with opening hours: a crisis contact, a service in the directory."""

    @property
    def hours(self) -> Hours: ...


# A span may run for up to a week, and the next opening is at most a week away.
_DAYS_AROUND = 8

Span = tuple[datetime, datetime]


def is_open(contact: HasHours, at: datetime) -> bool:
    """True if the contact answers at `at`. Unknown hours are never open."""
    hours, moment = contact.hours, _utc(at)
    if hours.always:
        return True
    return any(start <= moment < end for start, end in _spans(hours, moment))


def next_opening(contact: HasHours, at: datetime) -> datetime | None:
    """The first moment at or after `at` when the contact answers, in London time.

    `at` itself when it is open now; None when its hours are unknown.
    """
    hours, moment = contact.hours, _utc(at)
    if hours.always or is_open(contact, at):
        return moment.astimezone(UK)
    starts = [start for start, _ in _spans(hours, moment) if start > moment]
    return min(starts).astimezone(UK) if starts else None


def open_until(contact: HasHours, at: datetime) -> datetime | None:
    """When the current opening ends, in London time.

    None when the contact is closed, never closes, or its hours are unknown.
    Back-to-back spans count as one, so a weekend service is open until Monday.
    """
    hours, moment = contact.hours, _utc(at)
    if hours.always:
        return None
    for start, end in _spans(hours, moment):
        if start <= moment < end:
            return end.astimezone(UK)
    return None


def _spans(hours: Hours, around: datetime) -> list[Span]:
    """The merged UTC opening spans within about a week either side of `around`."""
    if not hours.known:
        return []
    local_day = around.astimezone(UK).date()
    spans: list[Span] = []
    for offset in range(-_DAYS_AROUND, _DAYS_AROUND + 1):
        day = local_day + timedelta(days=offset)
        if hours.closed_on_bank_holidays and is_scottish_bank_holiday(day):
            continue
        for rule in hours.rules:
            if day.weekday() not in rule.days:
                continue
            close_day = day + timedelta(days=rule.days_until_close(day.weekday()))
            start = datetime.combine(day, rule.opens, tzinfo=UK)
            end = datetime.combine(close_day, rule.closes, tzinfo=UK)
            spans.append((start.astimezone(timezone.utc), end.astimezone(timezone.utc)))
    return _merge(spans)


def is_scottish_bank_holiday(day: date) -> bool:
    """True on a bank holiday in Scotland (the maintained `holidays` calendar, subdivision
    SCT: 2 January, St Andrew's Day, the summer holiday in August, substitute days...)."""
    return day in _scottish_holidays(day.year)


@cache
def _scottish_holidays(year: int) -> holidays.HolidayBase:
    return holidays.UK(subdiv="SCT", years=year)


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _utc(at: datetime) -> datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("opening hours need an aware datetime (with a timezone)")
    return at.astimezone(timezone.utc)
