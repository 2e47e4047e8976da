"""Opening hours across evenings, midnight, weekends and the clock changes."""

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from common.clock import UK
from common.opening_hours import is_open, next_opening, open_until
from safety.contacts import load_contacts

UTC = timezone.utc
NEW_YORK = ZoneInfo("America/New_York")


def contact(contact_id: str):
    return load_contacts().get(contact_id)


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=UK)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# The week of Monday 23 November 2026 (GMT, so London time equals UTC).
BREATHING_SPACE = [
    ("Mon 17:59, before the evening", local(2026, 11, 23, 17, 59), False),
    ("Mon 18:00, opening", local(2026, 11, 23, 18, 0), True),
    ("Mon 23:30", local(2026, 11, 23, 23, 30), True),
    ("Tue 00:00, past midnight", local(2026, 11, 24, 0, 0), True),
    ("Tue 01:59", local(2026, 11, 24, 1, 59), True),
    ("Tue 02:00, closed", local(2026, 11, 24, 2, 0), False),
    ("Tue noon", local(2026, 11, 24, 12, 0), False),
    ("Wed 21:00", local(2026, 11, 25, 21, 0), True),
    ("Thu 23:59", local(2026, 11, 26, 23, 59), True),
    ("Fri 01:59, Thursday night", local(2026, 11, 27, 1, 59), True),
    ("Fri 02:00", local(2026, 11, 27, 2, 0), False),
    ("Fri 17:59", local(2026, 11, 27, 17, 59), False),
    ("Fri 18:00, the weekend opens", local(2026, 11, 27, 18, 0), True),
    ("Sat 03:00", local(2026, 11, 28, 3, 0), True),
    ("Sat noon", local(2026, 11, 28, 12, 0), True),
    ("Sun 23:00", local(2026, 11, 29, 23, 0), True),
    ("Mon 05:59, end of the weekend", local(2026, 11, 30, 5, 59), True),
    ("Mon 06:00, closed", local(2026, 11, 30, 6, 0), False),
    # Spring forward: Sunday 29 March 2026, 01:00 GMT becomes 02:00 BST.
    ("spring night 00:30 GMT", utc(2026, 3, 29, 0, 30), True),
    ("spring night 02:30 BST", utc(2026, 3, 29, 1, 30), True),
    ("Mon after spring 05:59 BST", utc(2026, 3, 30, 4, 59), True),
    ("Mon after spring 06:00 BST", utc(2026, 3, 30, 5, 0), False),
    # Fall back: Sunday 25 October 2026, 02:00 BST becomes 01:00 GMT.
    ("autumn night 01:30 BST", utc(2026, 10, 25, 0, 30), True),
    ("autumn night 01:30 GMT", utc(2026, 10, 25, 1, 30), True),
    ("Mon after autumn 05:59 GMT", utc(2026, 10, 26, 5, 59), True),
    ("Mon after autumn 06:00 GMT", utc(2026, 10, 26, 6, 0), False),
    # UTC (and other zones) converted to London: 1 July 2026 is a Wednesday in BST.
    ("summer 17:30 UTC is 18:30 BST", utc(2026, 7, 1, 17, 30), True),
    ("summer 16:59 UTC is 17:59 BST", utc(2026, 7, 1, 16, 59), False),
    ("summer 00:59 UTC is 01:59 BST", utc(2026, 7, 2, 0, 59), True),
    ("summer 01:00 UTC is 02:00 BST", utc(2026, 7, 2, 1, 0), False),
    ("New York 13:30 is 18:30 BST", datetime(2026, 7, 1, 13, 30, tzinfo=NEW_YORK), True),
]

RAPE_CRISIS = [
    ("17:59", local(2026, 11, 24, 17, 59), False),
    ("18:00", local(2026, 11, 24, 18, 0), True),
    ("23:59", local(2026, 11, 24, 23, 59), True),
    ("midnight", local(2026, 11, 25, 0, 0), False),
    ("Sunday evening", local(2026, 11, 29, 20, 0), True),
    # The evening opening follows the clock change.
    ("Sat 28 Mar 17:30 UTC is 17:30 GMT", utc(2026, 3, 28, 17, 30), False),
    ("Sun 29 Mar 17:30 UTC is 18:30 BST", utc(2026, 3, 29, 17, 30), True),
    ("Sat 24 Oct 17:30 UTC is 18:30 BST", utc(2026, 10, 24, 17, 30), True),
    ("Sun 25 Oct 17:30 UTC is 17:30 GMT", utc(2026, 10, 25, 17, 30), False),
    ("Sun 25 Oct 23:30 UTC is 23:30 GMT", utc(2026, 10, 25, 23, 30), True),
]


@pytest.mark.parametrize(
    ("label", "at", "expected"), BREATHING_SPACE, ids=[c[0] for c in BREATHING_SPACE]
)
def test_breathing_space(label, at, expected):
    assert is_open(contact("breathing_space"), at) is expected


@pytest.mark.parametrize(("label", "at", "expected"), RAPE_CRISIS, ids=[c[0] for c in RAPE_CRISIS])
def test_rape_crisis_scotland(label, at, expected):
    assert is_open(contact("rape_crisis_scotland"), at) is expected


def test_breathing_space_matches_its_published_hours_all_year():
    """Every half hour of 2026, against the hours as a person would read them."""
    bs = contact("breathing_space")
    moment, end = utc(2026, 1, 1), utc(2027, 1, 1)
    while moment < end:
        wall = moment.astimezone(UK)
        day, hour = wall.weekday(), wall.hour
        expected = (
            (day <= 3 and hour >= 18)
            or (1 <= day <= 4 and hour < 2)
            or (day == 4 and hour >= 18)
            or day in (5, 6)
            or (day == 0 and hour < 6)
        )
        assert is_open(bs, moment) is expected, wall
        moment += timedelta(minutes=30)


@pytest.mark.parametrize(
    "at", [local(2026, 11, 24, 4, 0), utc(2026, 3, 29, 1, 30), utc(2026, 10, 25, 1, 30)]
)
def test_always_open_and_unknown(at):
    assert is_open(contact("samaritans"), at)
    assert is_open(contact("emergency_999"), at)
    assert not is_open(contact("nhs_inform"), at)
    assert next_opening(contact("nhs_inform"), at) is None
    assert open_until(contact("samaritans"), at) is None


@pytest.mark.parametrize(
    ("contact_id", "at", "expected"),
    [
        ("breathing_space", local(2026, 11, 24, 10, 0), local(2026, 11, 24, 18, 0)),
        ("breathing_space", local(2026, 11, 24, 2, 0), local(2026, 11, 24, 18, 0)),
        ("breathing_space", local(2026, 11, 27, 3, 0), local(2026, 11, 27, 18, 0)),
        ("breathing_space", local(2026, 11, 30, 6, 0), local(2026, 11, 30, 18, 0)),
        ("rape_crisis_scotland", local(2026, 11, 25, 0, 0), local(2026, 11, 25, 18, 0)),
        ("rape_crisis_scotland", utc(2026, 3, 29, 10, 0), utc(2026, 3, 29, 17, 0)),
        ("rape_crisis_scotland", utc(2026, 10, 25, 10, 0), utc(2026, 10, 25, 18, 0)),
    ],
)
def test_next_opening(contact_id, at, expected):
    opening = next_opening(contact(contact_id), at)
    assert opening == expected
    assert opening.tzinfo == UK
    assert opening.astimezone(UK).hour == 18


@pytest.mark.parametrize("at", [local(2026, 11, 28, 12, 0), utc(2026, 7, 1, 17, 30)])
def test_next_opening_is_now_when_open(at):
    assert next_opening(contact("breathing_space"), at) == at
    assert next_opening(contact("samaritans"), at) == at


@pytest.mark.parametrize(
    ("contact_id", "at", "expected"),
    [
        ("breathing_space", local(2026, 11, 24, 20, 0), local(2026, 11, 25, 2, 0)),
        ("breathing_space", local(2026, 11, 27, 20, 0), local(2026, 11, 30, 6, 0)),
        ("breathing_space", local(2026, 11, 29, 23, 0), local(2026, 11, 30, 6, 0)),
        ("breathing_space", utc(2026, 3, 28, 20, 0), utc(2026, 3, 30, 5, 0)),
        ("rape_crisis_scotland", local(2026, 11, 24, 20, 0), local(2026, 11, 25, 0, 0)),
        ("breathing_space", local(2026, 11, 24, 12, 0), None),
    ],
)
def test_open_until(contact_id, at, expected):
    assert open_until(contact(contact_id), at) == expected


def test_a_naive_datetime_is_refused():
    with pytest.raises(ValueError, match="aware"):
        is_open(contact("breathing_space"), datetime(2026, 11, 24, 20, 0))
