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
from exercises.choosing import choose, need_tags, need_weights
from signposting.understanding import read_request

LOW_LINE = "utter_low_mood_support"
ANXIOUS_LINE = "utter_anxiety_support"
# The menu's buttons say which; a typed feeling is one intent and its words say which.
BUTTON_LINE = {"share_low_mood": LOW_LINE, "share_anxiety": ANXIOUS_LINE}
FEELINGS = ("share_feeling", *BUTTON_LINE)
# Tags that make "that sounds uncomfortable, breathe out slowly" the right first words,
# against those that make "low days are hard" right.
ANXIOUS_TAGS = ("anxiety", "panic", "worry", "stress")
LOW_TAGS = ("low_mood", "self_esteem", "motivation")
# Topics where meeting others is the need the words name.
GROUP_TOPICS = {"lgbtq": "LGBTQ+ groups", "loneliness": "Groups to meet people"}
TALK = {"title": "Someone to talk to", "payload": "/ask_contacts"}
MENU = {"title": "Show the menu", "payload": "/show_menu"}
MAX_EXERCISES = 2


# Needs a body complaint can carry that an exercise eases (tension, tiredness with a
# condition); "my head hurts" alone gets the NHS advice and nothing else.
BODY_NEEDS = {"stress", "anxiety", "fatigue", "long_term_condition"}


def support_line(intent: str, text: str) -> str:
    """The support response for a feeling: the button's own, or the one its words need.

    Anxious words outweighing low ones get the slow-breath line; anything else, including
    words that name neither, gets the low-mood line, which asks for nothing.
    """
    if intent in BUTTON_LINE:
        return BUTTON_LINE[intent]
    weights = need_weights(text or "")
    anxious = sum(weights.get(tag, 0) for tag in ANXIOUS_TAGS)
    low = sum(weights.get(tag, 0) for tag in LOW_TAGS)
    return ANXIOUS_LINE if anxious > low else LOW_LINE


def button_intent(text: str) -> str:
    """The menu button's intent that says what these words say: low or anxious."""
    return "share_anxiety" if support_line("share_feeling", text) == ANXIOUS_LINE \
        else "share_low_mood"


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
        text = message.get("text") or ""
        dispatcher.utter_message(response=support_line(intent, text))
        offer = offers(text)
        if offer is None:
            dispatcher.utter_message(response="utter_support_options")
        else:
            text, buttons = offer
            dispatcher.utter_message(text=text, buttons=buttons)
        return []
