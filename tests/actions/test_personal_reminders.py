"""Reminder actions: one message can set everything; bad times and days are asked again."""

from __future__ import annotations

from datetime import datetime

import pytest

from actions.personal_tools.reminders import (
    ActionSaveReminder,
    ActionStartReminder,
    ActionStopReminders,
    ValidateReminderForm,
)
from store import reminders as records
from store.db import PersonalStore
from tests.personal import action_support
from tests.personal.action_support import (
    PERSON,
    answer,
    custom,
    run,
    said,
    tracker,
)

FORM = "reminder_form"

action_store = action_support.action_store


@pytest.mark.parametrize("text, expected", [
    ("remind me every day at 7pm", ("daily", None, "19:00")),
    ("remind me every sunday at 10am", ("weekly", 6, "10:00")),
    ("set a reminder", (None, None, None)),
    ("remind me at 8pm instead", (None, None, "20:00")),
])
async def test_the_request_fills_what_it_says(action_store, text: str, expected: tuple) -> None:
    events, _ = await run(ActionStartReminder(), tracker(text))
    values = {e["name"]: e["value"] for e in events}
    assert (values["reminder_frequency"], values["reminder_day"],
            values["reminder_time"]) == expected


async def test_a_change_of_time_keeps_the_chosen_day(action_store: PersonalStore) -> None:
    records.choose(action_store, PERSON, "weekly", "10:00", 6, datetime(2026, 1, 1))
    events, _ = await run(ActionStartReminder(), tracker("remind me at 8pm instead"))
    values = {e["name"]: e["value"] for e in events}
    assert (values["reminder_frequency"], values["reminder_day"],
            values["reminder_time"]) == ("weekly", 6, "20:00")


async def test_daily_asks_the_time_not_the_day(action_store: PersonalStore) -> None:
    values, _ = await answer(ValidateReminderForm(), FORM, "reminder_frequency", "every day")
    assert values["reminder_frequency"] == "daily"
    assert values["requested_slot"] == "reminder_time"


async def test_weekly_asks_the_day(action_store: PersonalStore) -> None:
    values, _ = await answer(ValidateReminderForm(), FORM, "reminder_frequency", "once a week")
    assert values["requested_slot"] == "reminder_day"


async def test_an_unclear_frequency_is_asked_again(action_store: PersonalStore) -> None:
    values, dispatcher = await answer(ValidateReminderForm(), FORM, "reminder_frequency", "hmm")
    assert values["reminder_frequency"] is None
    assert "Every day, or once a week?" in said(dispatcher)


@pytest.mark.parametrize("text", ["25:00", "whenever", "13pm"])
async def test_bad_times_are_asked_again(action_store: PersonalStore, text: str) -> None:
    values, dispatcher = await answer(ValidateReminderForm(), FORM, "reminder_time", text,
                                      {"reminder_frequency": "daily"})
    assert values["reminder_time"] is None
    assert "7pm" in said(dispatcher)


async def test_a_bad_day_is_asked_again(action_store: PersonalStore) -> None:
    values, _ = await answer(ValidateReminderForm(), FORM, "reminder_day", "someday",
                             {"reminder_frequency": "weekly"})
    assert values["reminder_day"] is None
    values, _ = await answer(ValidateReminderForm(), FORM, "reminder_day", "Friday",
                             {"reminder_frequency": "weekly"})
    assert values["reminder_day"] == 4


async def test_saving_stores_the_choice_and_tells_bot(action_store: PersonalStore) -> None:
    slots = {"reminder_frequency": "weekly", "reminder_day": 6, "reminder_time": "10:00"}
    events, dispatcher = await run(ActionSaveReminder(), tracker(slots=slots))
    assert records.current(action_store, PERSON) == ("weekly", "10:00", 6)
    assert custom(dispatcher) == [{"kind": "reminder", "action": "set", "schedule": {
        "frequency": "weekly", "at": "10:00", "weekday": 6}}]
    assert "every Sunday at 10am, UK time" in said(dispatcher)
    assert all(e["value"] is None for e in events)


async def test_stopping_is_one_message(action_store: PersonalStore) -> None:
    records.choose(action_store, PERSON, "daily", "19:00", None, datetime(2026, 1, 1))
    _, dispatcher = await run(ActionStopReminders(), tracker("stop reminders"))
    assert records.current(action_store, PERSON) is None
    assert custom(dispatcher) == [{"kind": "reminder", "action": "clear"}]
