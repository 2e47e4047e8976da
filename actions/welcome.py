"""The welcome: the ordinary one, or a practitioner's pathway after /start <code>.

bot/ passes a well-formed /start parameter to Rasa as message metadata
(`start_parameter`). A known code (`pathways.lookup`) adds the pathway's welcome
line, its suggested exercises, a button for its group and service search and the
ordinary ways on (someone to talk to, the menu); anything else gets the ordinary
welcome. Only the code is kept, in the `pathway` slot: "came through pathway X".
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Mapping

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.choose_exercise import start_button
from actions.usage import PATHWAY_SLOT, count, pathway_of
from exercises import library
from pathways.loader import lookup
from pathways.model import Pathway
from pathways.opening import opening_text, suggested_exercises
from pathways.presets import search_entities
from pathways.usage import UsageKind

START_PARAMETER = "start_parameter"
TALK_BUTTON = {"title": "Talk to someone", "payload": "/ask_contacts"}
MENU_BUTTON = {"title": "Show the menu", "payload": "/show_menu"}


def start_parameter(tracker: Tracker) -> object:
    """The /start parameter bot/ sent with this message, if any (never trusted as is)."""
    metadata = tracker.latest_message.get("metadata")
    if not isinstance(metadata, Mapping):
        latest = next((e for e in reversed(tracker.events) if e.get("event") == "user"), {})
        metadata = latest.get("metadata")
    return metadata.get(START_PARAMETER) if isinstance(metadata, Mapping) else None


def pathway_buttons(pathway: Pathway) -> List[Dict[str, str]]:
    """The pathway's first exercises, its search, someone to talk to and the menu."""
    buttons = []
    for exercise_id in suggested_exercises(pathway):
        try:
            buttons.append(start_button(library.get(exercise_id)))
        except KeyError:
            continue  # checked on load; a removed exercise just goes unoffered
    search = f"/find_group{json.dumps(search_entities(pathway))}"
    return [*buttons, {"title": "Find support", "payload": search}, TALK_BUTTON, MENU_BUTTON]


def _first_message(tracker: Tracker) -> bool:
    return sum(1 for e in tracker.events if e.get("event") == "user") <= 1


class ActionWelcome(Action):
    """A first hello: the ordinary welcome, then the pathway's opening or the menu."""

    greeting = "utter_welcome"

    def name(self) -> str:
        return "action_welcome"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        dispatcher.utter_message(response=self.greeting)
        pathway = lookup(start_parameter(tracker))
        if pathway is None:
            dispatcher.utter_message(response="utter_menu")
            if _first_message(tracker):
                await count(UsageKind.NEW_PERSON, None)
            return []
        dispatcher.utter_message(text=opening_text(pathway), buttons=pathway_buttons(pathway))
        if pathway_of(tracker) == pathway.code:
            return []
        await count(UsageKind.NEW_PERSON, pathway.code)
        return [SlotSet(PATHWAY_SLOT, pathway.code)]


class ActionGreetBack(ActionWelcome):
    """A later hello: a short greeting, then the pathway's opening (a new link) or the menu."""

    greeting = "utter_greet_back"

    def name(self) -> str:
        return "action_greet_back"
