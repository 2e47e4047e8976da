"""When unsure, ask (thin: the choices are made in `understanding.clarify`).

`action_clarify` answers nlu_fallback (by rule) and is also the core fallback
(config.yml), for a reply that was understood but fits nothing on the go. It ends
with a listen, so the person's words stay in the conversation and a second miss can
be told from a first.
"""

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.feelings import body_offers, button_intent
from understanding import clarify
from understanding.replies import physical_symptom


def _search_entities(text: str) -> Dict[str, str]:
    """Topic and place read from the words, so "find a group" keeps what was said."""
    from signposting.turns import fresh_search

    topics, place = fresh_search(text)
    found = {"support_topic": topics[0] if topics else None, "support_place": place}
    return {name: value for name, value in found.items() if value}


class ActionClarify(Action):
    def name(self) -> str:
        return "action_clarify"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        message = tracker.latest_message or {}
        intent = (message.get("intent") or {}).get("name")
        last = clarify.last_bot_text(tracker.events)
        if intent == clarify.FALLBACK:
            text = message.get("text") or ""
            entities = {}
            if text and not text.startswith("/"):
                found = _search_entities(text)
                if found:
                    entities["find_group"] = found
            # A typed feeling is offered as the menu's button its words fit, low or anxious.
            ranking = [{**guess, "name": button_intent(text)}
                       if guess.get("name") == "share_feeling" else guess
                       for guess in message.get("intent_ranking") or []]
            reply = clarify.unsure(ranking,
                                   clarify.missed_before(tracker.events), last, entities)
        else:
            reply = clarify.nothing_fits(last)
        dispatcher.utter_message(text=reply.text, buttons=list(reply.buttons))
        return [FollowupAction("action_listen")]


class ActionAnswerPhysicalSymptom(Action):
    def name(self) -> str:
        return "action_answer_physical_symptom"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        dispatcher.utter_message(text=physical_symptom())
        offer = body_offers((tracker.latest_message or {}).get("text") or "")
        if offer is not None:
            text, buttons = offer
            dispatcher.utter_message(text=text, buttons=buttons)
        return []
