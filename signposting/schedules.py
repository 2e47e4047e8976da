"""Is a service open now, tonight, or when does it next open or meet?

The weekly rules are Europe/London wall-clock times, read with the same code
that decides which crisis contacts are open (`safety.opening_hours`), so the
clock changes and overnight spans are handled once. `at` is always passed in,
so tests can pick any moment.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from safety import opening_hours
from signposting.model import Service

EVENING = time(18, 0)
MORNING = time(6, 0)


def is_open(service: Service, at: datetime) -> bool:
    return opening_hours.is_open(service, at)  # type: ignore[arg-type]


def next_opening(service: Service, at: datetime) -> datetime | None:
    return opening_hours.next_opening(service, at)  # type: ignore[arg-type]


def open_until(service: Service, at: datetime) -> datetime | None:
    return opening_hours.open_until(service, at)  # type: ignore[arg-type]


def tonight(at: datetime) -> tuple[datetime, datetime]:
    """The night someone means by "tonight" when asking at `at`: 6pm (or now) to 6am."""
    local = at.astimezone(opening_hours.LONDON)
    if local.time() < MORNING:
        return local, local.replace(hour=6, minute=0, second=0, microsecond=0)
    start = max(local, local.replace(hour=18, minute=0, second=0, microsecond=0))
    end_day = local.date() + timedelta(days=1)
    return start, datetime.combine(end_day, MORNING, tzinfo=opening_hours.LONDON)


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
    return f"{prefix} {_day(opens, at)} {_clock(opens)}".replace("  ", " ")


def _clock(moment: datetime | None) -> str:
    if moment is None:
        return ""
    if moment.minute == 0 and moment.hour == 0:
        return "midnight"
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    return f"{hour}{suffix}" if moment.minute == 0 else f"{hour}:{moment.minute:02d}{suffix}"


def _until(until: datetime, at: datetime) -> str:
    """'2am' later today or within the night ahead (12 hours); otherwise with its day,
    '6am on Monday', so a Sunday afternoon never reads as closing at this coming 6am."""
    same_day = until.date() == at.astimezone(opening_hours.LONDON).date()
    if same_day or until - at <= timedelta(hours=12):
        return _clock(until)
    return f"{_clock(until)} on {until.strftime('%A')}"


def _day(moment: datetime, at: datetime) -> str:
    days = (moment.date() - at.astimezone(opening_hours.LONDON).date()).days
    if days == 0:
        return "today at"
    if days == 1:
        return "tomorrow at"
    return f"{moment.strftime('%A')} at"
