"""Actions that answer crisis language, questions about means, and requests for someone to talk to.

The wording and contacts come from `safety`, the same code bot/ uses when Rasa is
down, so a person gets the same answer whichever part of the system replies.
"""

import asyncio
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from safety.audit import record_crisis_answer
from safety.clock import uk_now
from safety.crisis_reply import compose_contacts_list, compose_crisis_reply
from safety.kinds import CrisisKind

RISK_SLOT = "crisis_risk"
KIND_ENTITY = "crisis_kind"


def crisis_kinds(latest_message: Dict[str, Any]) -> List[CrisisKind]:
    """The kinds the NLU crisis detector tagged, most urgent first, without repeats."""
    kinds: List[CrisisKind] = []
    for entity in latest_message.get("entities", []):
        if entity.get("entity") == KIND_ENTITY:
            try:
                kind = CrisisKind(entity.get("value"))
            except ValueError:
                continue
            if kind not in kinds:
                kinds.append(kind)
    return kinds


async def answer_crisis(
    dispatcher: CollectingDispatcher, tracker: Tracker, kinds: List[CrisisKind]
) -> List[EventType]:
    """Send the crisis answer, count it, and remember the risk for the rest of the chat."""
    now = uk_now()
    reply = compose_crisis_reply(kinds, now)
    for text in reply.messages:
        dispatcher.utter_message(text=text)
    if tracker.active_loop_name:
        dispatcher.utter_message(response="utter_ask_carry_on")
    # A small database write: keep it off the event loop that serves others.
    await asyncio.to_thread(record_crisis_answer, reply.kind, now, "rasa")
    return [SlotSet(RISK_SLOT, True)]


class ActionRespondCrisis(Action):
    def name(self) -> str:
        return "action_respond_crisis"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        return await answer_crisis(dispatcher, tracker, crisis_kinds(tracker.latest_message))


class ActionRespondMeansQuestion(Action):
    """Never gives information about means; after risk was seen, answers with support."""

    def name(self) -> str:
        return "action_respond_means_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        if tracker.get_slot(RISK_SLOT):
            return await answer_crisis(dispatcher, tracker, [CrisisKind.MEANS])
        dispatcher.utter_message(response="utter_means_question")
        return []


class ActionShowContacts(Action):
    def name(self) -> str:
        return "action_show_contacts"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        for text in compose_contacts_list(uk_now()):
            dispatcher.utter_message(text=text)
        return []
