"""The appointment summary: choose what goes in, from when, then one PDF page sent to the person.

`summary_form` asks `summary_choice` again after each tap (the validation toggles
the part into `summary_parts` and empties the slot) until "Make my summary";
`summary_since` only when a dated part is chosen. The page is made by
`personal.summary_pdf` and sent as the `document` custom payload, to this chat only.
"""

from __future__ import annotations

import asyncio
import base64
from typing import Any, Dict, List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.personal_tools.common import MENU_BUTTON, answering, entity, latest_text, person
from actions.store_access import with_store
from common.clock import uk_now
from exercises import library
from personal import summary
from personal.summary_pdf import render

CHOICE, SINCE, PARTS_SLOT = "summary_choice", "summary_since", "summary_parts"
SUMMARY_SLOTS = (CHOICE, SINCE, PARTS_SLOT)
MAKE_IT = {"title": "Make my summary",
           "payload": f'/inform{{"{CHOICE}": "{summary.DONE}"}}'}


def _button(title: str, value: str) -> Dict[str, str]:
    """Every summary button carries its answer as the one `summary_choice` entity."""
    return {"title": title, "payload": f'/inform{{"{CHOICE}": "{value}"}}'}


def choice_buttons(chosen: List[str]) -> List[Dict[str, str]]:
    """One button per part, ticked in words once chosen; then make it."""
    buttons = [_button(f"{part.label}: in" if part.id in chosen else part.label, part.id)
               for part in summary.PARTS]
    if len(chosen) < len(summary.PARTS):
        buttons.append(_button("All of these", summary.EVERYTHING))
    return [*buttons, MAKE_IT]


class ActionStartSummary(Action):
    def name(self) -> str:
        return "action_start_summary"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        return [SlotSet(slot, None) for slot in SUMMARY_SLOTS]


class ValidateSummaryForm(FormValidationAction):
    def name(self) -> str:
        return "validate_summary_form"

    async def required_slots(
        self, domain_slots: List[str], dispatcher: CollectingDispatcher, tracker: Tracker,
        domain: DomainDict,
    ) -> List[str]:
        if summary.needs_since(tracker.get_slot(PARTS_SLOT)):
            return [CHOICE, SINCE]
        return [CHOICE]

    def validate_summary_choice(self, value: Any, dispatcher: CollectingDispatcher,
                                tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        if not answering(tracker, CHOICE):
            return {CHOICE: value}
        chosen = list(tracker.get_slot(PARTS_SLOT) or [])
        choice = summary.read_choice(latest_text(tracker), entity(tracker, CHOICE))
        if choice == summary.DONE:
            if chosen:
                return {CHOICE: summary.DONE}
            dispatcher.utter_message(text=summary.PICK_ONE)
            return {CHOICE: None}
        if choice is None:
            return {CHOICE: None}  # asked again, with the buttons
        return {CHOICE: None, PARTS_SLOT: summary.toggle(chosen, choice)}

    def validate_summary_since(self, value: Any, dispatcher: CollectingDispatcher,
                               tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        if not answering(tracker, SINCE):
            return {SINCE: value}
        since = summary.read_since(latest_text(tracker), entity(tracker, CHOICE))
        if since is None:
            dispatcher.utter_message(text=summary.NOT_UNDERSTOOD_SINCE)
        return {SINCE: since}


class ActionAskSummaryChoice(Action):
    def name(self) -> str:
        return "action_ask_summary_choice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        chosen = list(tracker.get_slot(PARTS_SLOT) or [])
        text = summary.ASK_MORE if chosen else summary.ASK_PARTS
        dispatcher.utter_message(text=text, buttons=choice_buttons(chosen))
        return []


class ActionAskSummarySince(Action):
    def name(self) -> str:
        return "action_ask_summary_since"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        dispatcher.utter_message(
            text=summary.ASK_SINCE,
            buttons=[_button(s.label, s.id) for s in summary.SINCE])
        return []


def covers(since_id: str | None, now: Any) -> str:
    """What the page says it covers, in words."""
    start = summary.since_moment(since_id, now)
    if start is None:
        return "everything I have kept"
    return f"from {start.day} {start:%B %Y} to {now.day} {now:%B %Y}"


class ActionMakeSummary(Action):
    """The page, sent only to the person; or a kind word that there is nothing to put on it."""

    def name(self) -> str:
        return "action_make_summary"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        chosen = [p for p in tracker.get_slot(PARTS_SLOT) or [] if p in summary.BY_ID]
        since_id = tracker.get_slot(SINCE)
        now, who = uk_now(), person(tracker)
        kept = await with_store(lambda store: summary.gather(store, who))
        kept = summary.chosen_only(kept, chosen, summary.since_moment(since_id, now))
        done = [SlotSet(slot, None) for slot in SUMMARY_SLOTS]
        if not chosen or kept.is_empty():
            dispatcher.utter_message(text=summary.NOTHING_KEPT, buttons=[MENU_BUTTON])
            return done
        titles = {e.id: e.title for e in library.all_exercises()}
        pdf = await asyncio.to_thread(render, kept, chosen, covers(since_id, now), now, titles)
        dispatcher.utter_message(json_message={
            "kind": "document",
            "filename": f"my-appointment-summary-{now:%Y-%m-%d}.pdf",
            "mime": "application/pdf",
            "content_base64": base64.b64encode(pdf).decode("ascii"),
            "caption": summary.CAPTION,
        })
        dispatcher.utter_message(text="Anything else?", buttons=[MENU_BUTTON])
        return done
