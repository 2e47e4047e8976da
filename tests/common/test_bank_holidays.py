"""Open-now honours Scottish bank holidays where a service's data says so (issue 13, finding 8)."""

from datetime import date, datetime, timedelta

import holidays
import pytest

from common.clock import UK
from common.opening_hours import is_open, is_scottish_bank_holiday, next_opening
from safety.contacts import ContactsError, load_contacts
from signposting.directory import load_directory
from signposting.schedules import status

SCOTTISH = holidays.UK(subdiv="SCT", years=2026)


def living_life():
    return next(s for s in load_directory().services if s.id == "living_life")


def test_living_life_is_closed_on_christmas_day_and_says_when_it_opens():
    christmas = datetime(2026, 12, 25, 14, 0, tzinfo=UK)  # a Friday
    assert christmas.weekday() == 4
    assert not is_open(living_life(), christmas)
    # Boxing Day is Saturday, its substitute Monday 28th: next is Tuesday 29th at 9am
    assert next_opening(living_life(), christmas) == datetime(2026, 12, 29, 9, 0, tzinfo=UK)
    assert status(living_life(), christmas) == "opens Tuesday at 9am"


def test_living_life_across_a_whole_year_follows_the_scottish_calendar():
    service = living_life()
    day = date(2026, 1, 1)
    while day.year == 2026:
        at = datetime(day.year, day.month, day.day, 14, 0, tzinfo=UK)
        expected = day.weekday() < 5 and day not in SCOTTISH
        assert is_open(service, at) is expected, day
        day += timedelta(days=1)


def test_the_scottish_calendar_is_the_one_used():
    assert is_scottish_bank_holiday(date(2026, 1, 2))  # 2 January: Scotland only
    assert is_scottish_bank_holiday(date(2026, 8, 3))  # summer holiday, first Monday of August
    assert not is_scottish_bank_holiday(date(2026, 8, 31))  # England's August holiday
    assert not is_scottish_bank_holiday(date(2026, 4, 6))  # Easter Monday: not in Scotland


@pytest.mark.parametrize("contact_id", ["samaritans", "shout", "nhs24_111", "childline"])
def test_services_open_always_stay_open_on_every_bank_holiday(contact_id):
    contact = load_contacts().get(contact_id)
    for day in SCOTTISH:
        assert is_open(contact, datetime(day.year, day.month, day.day, 3, 0, tzinfo=UK))


def test_a_contact_can_say_it_closes_on_bank_holidays(tmp_path):
    path = tmp_path / "contacts.yml"
    path.write_text(
        "contacts:\n"
        "  - id: weekday_line\n    name: A weekday line\n"
        "    channels: [{kind: call, value: '0800 000 000'}]\n"
        "    audience: [everyone]\n    serves: []\n"
        "    hours: [{days: [mon, tue, wed, thu, fri], opens: '09:00', closes: '17:00'}]\n"
        "    closed_on_bank_holidays: true\n"
        "    note: made up for a test\n    source: a test\n    checked: 2026-11-23\n",
        encoding="utf-8",
    )
    line = load_contacts(path).get("weekday_line")
    assert not is_open(line, datetime(2026, 12, 25, 10, 0, tzinfo=UK))
    assert is_open(line, datetime(2026, 12, 24, 10, 0, tzinfo=UK))
    always = path.read_text().replace(
        "[{days: [mon, tue, wed, thu, fri], opens: '09:00', closes: '17:00'}]", "{always: true}")
    (tmp_path / "always.yml").write_text(always, encoding="utf-8")
    with pytest.raises(ContactsError):
        load_contacts(tmp_path / "always.yml")
