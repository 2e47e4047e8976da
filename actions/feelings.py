"""A feeling with a clear need gets what meets it, not the generic line.

"I'm gay and feel so isolated" gets the LGBTQ+ groups offered, "lonely" the loneliness
ones, "exhausted all the time with long covid" pacing: the support line first, then
buttons for what fits. Nothing specific: the usual three choices.
"""

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.choose_exercise import start_button
from exercises.choosing import choose, need_tags
from signposting.understanding import read_request

SUPPORT_LINE = {"share_low_mood": "utter_low_mood_support",
                "share_anxiety": "utter_anxiety_support"}
# Topics where meeting others is the need the words name.
GROUP_TOPICS = {"lgbtq": "LGBTQ+ groups", "loneliness": "Groups to meet people"}
TALK = {"title": "Someone to talk to", "payload": "/ask_contacts"}
MENU = {"title": "Show the menu", "payload": "/show_menu"}
MAX_EXERCISES = 2


# Needs a body complaint can carry that an exercise eases (tension, tiredness with a
# condition); "my head hurts" alone gets the NHS advice and nothing else.
BODY_NEEDS = {"stress", "anxiety", "fatigue", "long_term_condition"}


def body_offers(text: str) -> tuple[str, List[Dict[str, str]]] | None:
    """For a physical complaint: an exercise when the words name tension or tiredness."""
    if not text or text.startswith("/") or not BODY_NEEDS & set(need_tags(text)):
        return None
    found = choose(text, MAX_EXERCISES)
    if not found:
        return None
    return ("If it's tension or tiredness, this might ease it:",
            [start_button(exercise) for exercise in found] + [MENU])


def offers(text: str) -> tuple[str, List[Dict[str, str]]] | None:
    """What the words point at, as (lead-in, buttons); None when nothing specific."""
    if not text or text.startswith("/"):
        return None
    topics = [t for t in read_request(text).topics if t in GROUP_TOPICS]
    if topics:
        topic = topics[0]
        return ("Meeting people who get it can really help. Would you like to see some?",
                [{"title": GROUP_TOPICS[topic],
                  "payload": f'/find_group{{"support_topic": "{topic}"}}'}, TALK, MENU])
    found = choose(text, MAX_EXERCISES)
    if found:
        return ("Something that might help with that:",
                [start_button(exercise) for exercise in found] + [TALK, MENU])
    return None


class ActionRespondFeeling(Action):
    def name(self) -> str:
        return "action_respond_feeling"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        message = tracker.latest_message or {}
        intent = (message.get("intent") or {}).get("name")
        dispatcher.utter_message(response=SUPPORT_LINE.get(intent, "utter_low_mood_support"))
        offer = offers(message.get("text") or "")
        if offer is None:
            dispatcher.utter_message(response="utter_support_options")
        else:
            text, buttons = offer
            dispatcher.utter_message(text=text, buttons=buttons)
        return []
