"""The form's two questions: what the person would like support with, and where."""

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from signposting.directory import load_directory
from signposting.places import place_from_key
from signposting.prompts import ask_place, ask_topic
from signposting.turns import PLACE, TOPIC
from signposting.understanding import GENERAL, read_request


class ActionAskSupportTopic(Action):
    def name(self) -> str:
        return "action_ask_support_topic"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        text, buttons = ask_topic(place_from_key(tracker.get_slot(PLACE)))
        dispatcher.utter_message(text=text, buttons=buttons)
        return []


class ActionAskSupportPlace(Action):
    def name(self) -> str:
        return "action_ask_support_place"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        topic = str(tracker.get_slot(TOPIC) or GENERAL).split(",")[0]
        topics = load_directory().topics
        label = topics[topic].label if topic in topics and topic != GENERAL else None
        request = read_request(tracker.latest_message.get("text"))
        near_me = request.place is not None and request.place.kind == "near_me"
        text, buttons = ask_place(label, near_me)
        dispatcher.utter_message(text=text, buttons=buttons)
        return []
