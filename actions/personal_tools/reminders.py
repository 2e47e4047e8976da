"""Check-in reminders: choosing daily or weekly and a UK time, changing it, stopping it.

The choice is kept in the personal store; bot/ gets it as a custom payload, because only
bot/ knows which chat to send to (see bot/reminders.py).
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.personal_tools.common import MENU_BUTTON, answering, latest_text, person
from actions.personal_tools.consent import ASK, CONSENT_SLOT, DECLINED, may_keep, settle
from actions.store_access import with_store
from common.clock import uk_now
from personal import schedule
from personal.schedule import Schedule, ScheduleError
from store import reminders as records

REMINDER_SLOTS = ("reminder_frequency", "reminder_day", "reminder_time")
STOP_BUTTON = {"title": "Stop reminders", "payload": "/stop_reminders"}


def _read(text: str) -> Dict[str, Any]:
    """Whatever the request already says: "remind me every Sunday at 7pm" fills everything."""
    found: Dict[str, Any] = {"reminder_frequency": schedule.parse_frequency(text)}
    for slot, parse in (("reminder_day", schedule.parse_weekday),
                        ("reminder_time", schedule.parse_time)):
        try:
            value = parse(text)
        except ScheduleError:
            continue
        found[slot] = value if slot == "reminder_day" else f"{value:%H:%M}"
    if found.get("reminder_day") is not None:
        found["reminder_frequency"] = "weekly"
    return found


def _request_text(tracker: Tracker) -> str:
    """What the person asked for: after the consent screen, the request before it."""
    if latest_text(tracker).startswith("/") or tracker.get_slot(CONSENT_SLOT) == ASK:
        for event in reversed(tracker.events):
            text = str(event.get("text") or "") if event.get("event") == "user" else ""
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if intent == "set_reminder" and text and not text.startswith("/"):
                return text
    return latest_text(tracker)


class ActionStartReminder(Action):
    def name(self) -> str:
        return "action_start_reminder"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        state = await settle(dispatcher, tracker, "set_reminder")
        if state in (ASK, DECLINED):
            if state == DECLINED:
                dispatcher.utter_message(response="utter_reminder_not_kept",
                                         buttons=[MENU_BUTTON])
            return [SlotSet(CONSENT_SLOT, state)]
        found = _read(_request_text(tracker))
        if found["reminder_frequency"] is None:
            # "Remind me at 8pm instead": a change keeps the chosen day and frequency.
            chosen = await with_store(lambda store: records.current(store, person(tracker)))
            if chosen is not None:
                found["reminder_frequency"], found["reminder_day"] = chosen[0], chosen[2]
        return [SlotSet(CONSENT_SLOT, state),
                *(SlotSet(slot, found.get(slot)) for slot in REMINDER_SLOTS)]


class ValidateReminderForm(FormValidationAction):
    def name(self) -> str:
        return "validate_reminder_form"

    async def required_slots(
        self, domain_slots: List[str], dispatcher: CollectingDispatcher, tracker: Tracker,
        domain: DomainDict,
    ) -> List[str]:
        if tracker.get_slot("reminder_frequency") == "daily":
            return ["reminder_frequency", "reminder_time"]
        return list(REMINDER_SLOTS)

    def validate_reminder_frequency(self, value: Any, dispatcher: CollectingDispatcher,
                                    tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        if not answering(tracker, "reminder_frequency"):
            return {"reminder_frequency": value}
        found = _read(str(value or ""))
        if found["reminder_frequency"] is None:
            dispatcher.utter_message(text="Every day, or once a week?")
            return {"reminder_frequency": None}
        found = {k: v for k, v in found.items() if v is not None}
        return found

    def validate_reminder_day(self, value: Any, dispatcher: CollectingDispatcher,
                              tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        if not answering(tracker, "reminder_day"):
            return {"reminder_day": value}
        try:
            return {"reminder_day": schedule.parse_weekday(str(value or ""))}
        except ScheduleError as error:
            dispatcher.utter_message(text=str(error))
            return {"reminder_day": None}

    def validate_reminder_time(self, value: Any, dispatcher: CollectingDispatcher,
                               tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        if not answering(tracker, "reminder_time"):
            return {"reminder_time": value}
        text = str(value or "")
        try:
            return {"reminder_time": f"{schedule.parse_time(text):%H:%M}"}
        except ScheduleError as error:
            dispatcher.utter_message(text=str(error))
            return {"reminder_time": None}


class ActionSaveReminder(Action):
    def name(self) -> str:
        return "action_save_reminder"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        frequency = tracker.get_slot("reminder_frequency")
        day = tracker.get_slot("reminder_day") if frequency == "weekly" else None
        chosen = Schedule(frequency, tracker.get_slot("reminder_time"),
                          None if day is None else int(day))
        who, now = person(tracker), uk_now()
        if not await may_keep(who):
            dispatcher.utter_message(response="utter_reminder_not_kept", buttons=[MENU_BUTTON])
            return [SlotSet(slot, None) for slot in REMINDER_SLOTS]
        await with_store(lambda store: records.choose(
            store, who, chosen.frequency, chosen.at, chosen.weekday, now))
        dispatcher.utter_message(json_message={
            "kind": "reminder", "action": "set", "schedule": chosen.as_dict()})
        dispatcher.utter_message(
            text=f"Okay: I'll send you a check-in reminder {chosen.describe()}, UK time. "
                 "To change it, just tell me, like \"remind me at 8pm instead\". If three go "
                 "unanswered I'll stop sending them.",
            buttons=[STOP_BUTTON, MENU_BUTTON],
        )
        return [SlotSet(slot, None) for slot in REMINDER_SLOTS]


class ActionStopReminders(Action):
    def name(self) -> str:
        return "action_stop_reminders"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        await with_store(lambda store: records.clear(store, person(tracker)))
        dispatcher.utter_message(json_message={"kind": "reminder", "action": "clear"})
        dispatcher.utter_message(response="utter_reminders_stopped")
        return [SlotSet(slot, None) for slot in REMINDER_SLOTS]
