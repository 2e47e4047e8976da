"""The one place that asks what time it is in the UK.

Opening hours are published in UK local time, so every decision about what is
open uses Europe/London; taking `at` as a parameter elsewhere keeps the rest of
the code testable with any moment, clock changes included.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")


def uk_now() -> datetime:
    return datetime.now(UK)
