"""The one place that asks what time it is in the UK.

Opening hours are published in UK local time, so every decision about what is
open uses Europe/London; taking `at` as a parameter elsewhere keeps the rest of
the code testable with any moment, clock changes included.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")


def uk_now() -> datetime:
    return datetime.now(UK)


def say_time(moment: time | datetime) -> str:
    """7pm, 7:30am, midday, midnight: a wall-clock time the way people say it."""
    if isinstance(moment, datetime):
        moment = moment.time()
    if moment.hour == 0 and moment.minute == 0:
        return "midnight"
    if moment.hour == 12 and moment.minute == 0:
        return "midday"
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    return f"{hour}{suffix}" if moment.minute == 0 else f"{hour}:{moment.minute:02d}{suffix}"


# "Until 6am" said on an evening means the coming morning; said on a Sunday afternoon
# of a service open until Monday 6am it would mislead, so past this the day is named.
_WITHOUT_ITS_DAY = timedelta(hours=12)


def needs_its_day(moment: datetime, at: datetime) -> bool:
    """Whether a time ahead must carry its day ("6am on Monday") to be read right at `at`."""
    same_day = moment.astimezone(UK).date() == at.astimezone(UK).date()
    return not same_day and moment - at > _WITHOUT_ITS_DAY
