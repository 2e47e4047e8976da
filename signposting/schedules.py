"""Is a service open now, tonight, or when does it next open or meet?

The weekly rules are Europe/London wall-clock times, read with the same code
that decides which crisis contacts are open (`common.opening_hours`), so the
clock changes and overnight spans are handled once. `at` is always passed in,
so tests can pick any moment.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from common import opening_hours
from common.clock import UK, needs_its_day, say_time
from signposting.model import Service

EVENING = time(18, 0)
MORNING = time(6, 0)


def is_open(service: Service, at: datetime) -> bool:
    return opening_hours.is_open(service, at)


def next_opening(service: Service, at: datetime) -> datetime | None:
    return opening_hours.next_opening(service, at)


def open_until(service: Service, at: datetime) -> datetime | None:
    return opening_hours.open_until(service, at)


def tonight(at: datetime) -> tuple[datetime, datetime]:
    """The night someone means by "tonight" when asking at `at`: 6pm (or now) to 6am."""
    local = at.astimezone(UK)
    if local.time() < MORNING:
        return local, local.replace(hour=6, minute=0, second=0, microsecond=0)
    start = max(local, local.replace(hour=18, minute=0, second=0, microsecond=0))
    end_day = local.date() + timedelta(days=1)
    return start, datetime.combine(end_day, MORNING, tzinfo=UK)


def open_tonight(service: Service, at: datetime) -> bool:
    """True if the service answers at some point tonight (see `tonight`)."""
    start, end = tonight(at)
    opens = next_opening(service, start)
    return opens is not None and opens < end


def status(service: Service, at: datetime) -> str | None:
    """A few words on when: "open 24 hours", "open now, until 2am", "next meets Tue 7pm".

    None when the hours are unknown: then nothing is said about times at all.
    """
    hours = service.hours
    if not hours.known:
        return None
    if hours.always:
        return "open 24 hours"
    if is_open(service, at):
        until = open_until(service, at)
        return f"open now, until {_until(until, at)}" if until else "open now"
    opens = next_opening(service, at)
    if opens is None:
        return None
    prefix = "next meets" if service.kind == "group" else "opens"
    return f"{prefix} {_day(opens, at)} {say_time(opens)}".replace("  ", " ")


def _until(until: datetime, at: datetime) -> str:
    """'2am' later today or within the night ahead (12 hours); otherwise with its day,
    '6am on Monday', so a Sunday afternoon never reads as closing at this coming 6am."""
    if not needs_its_day(until, at):
        return say_time(until)
    return f"{say_time(until)} on {until.strftime('%A')}"


def _day(moment: datetime, at: datetime) -> str:
    days = (moment.date() - at.astimezone(UK).date()).days
    if days == 0:
        return "today at"
    if days == 1:
        return "tomorrow at"
    return f"{moment.strftime('%A')} at"
