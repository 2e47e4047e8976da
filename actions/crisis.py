"""Actions that answer crisis language and requests for someone to talk to.

The wording and contacts come from `safety`, the same code bot/ uses when Rasa is
down, so a person gets the same answer whichever part of the system replies.
"""

import asyncio
import logging
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.store_access import with_store
from actions.usage import count, pathway_of
from common.clock import uk_now
from pathways.usage import UsageKind
from personal.plan import crisis_plan
from safety.audience import mentions_medicines, suggests_young_person
from safety.audit import record_crisis_answer_safely
from safety.crisis_reply import PersonalPlan, compose_contacts_list, compose_crisis_reply
from safety.kinds import CRISIS_KIND_ENTITY, CrisisKind

RISK_SLOT = "crisis_risk"
PAUSED_FLOW_SLOT = "paused_flow"
MEANS_INTENT = "ask_means"
# The person's own plan is offered only if it comes back this fast: the contacts matter more.
PLAN_TIMEOUT_SECONDS = 1.0

_LOGGER = logging.getLogger(__name__)


def crisis_kinds(latest_message: Dict[str, Any]) -> List[CrisisKind]:
    """The kinds the NLU crisis detector tagged, without repeats.

    A question about means carries no tag when the classifier, not the
    detector, recognised it; it is still about means.
    """
    kinds: List[CrisisKind] = []
    for entity in latest_message.get("entities", []):
        if entity.get("entity") == CRISIS_KIND_ENTITY:
            try:
                kind = CrisisKind(entity.get("value"))
            except ValueError:
                continue
            if kind not in kinds:
                kinds.append(kind)
    if not kinds and (latest_message.get("intent") or {}).get("name") == MEANS_INTENT:
        kinds.append(CrisisKind.MEANS)
    return kinds


class ActionRespondCrisis(Action):
    """The crisis answer; it also remembers the risk for the rest of the conversation."""

    def name(self) -> str:
        return "action_respond_crisis"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        now = uk_now()
        plan = await own_plan(tracker.sender_id)
        words = tracker.latest_message.get("text") or ""
        reply = compose_crisis_reply(
            crisis_kinds(tracker.latest_message), now, plan,
            young=suggests_young_person(words), medicines=mentions_medicines(words),
        )
        for text in reply.messages:
            dispatcher.utter_message(text=text)
        # Small database writes: off the event loop, side by side, the count bounded in time.
        await asyncio.gather(
            asyncio.to_thread(record_crisis_answer_safely, reply.kind, now, "rasa"),
            count(UsageKind.CRISIS_ANSWER, pathway_of(tracker)),
        )
        return [SlotSet(RISK_SLOT, True), *pause_active_flow(tracker, dispatcher)]


async def own_plan(person: str) -> PersonalPlan | None:
    """The person's "what helps" and "who I can contact", or None: a slow or broken store
    must never delay or stop the crisis answer."""
    try:
        return await asyncio.wait_for(
            with_store(lambda store: crisis_plan(store, person)), PLAN_TIMEOUT_SECONDS
        )
    except Exception as exc:  # any failure means: answer without the plan
        _LOGGER.warning("crisis answer given without the personal plan (%s)", type(exc).__name__)
        return None


def pause_active_flow(tracker: Tracker, dispatcher: CollectingDispatcher) -> List[EventType]:
    """Set aside whatever form was running, so the next message is not taken as its answer.

    The form keeps its slots: "carry on" starts it again where it stopped.
    """
    flow = tracker.active_loop_name
    if not flow:
        return []
    dispatcher.utter_message(response="utter_offer_to_carry_on")
    return [ActiveLoop(None), SlotSet("requested_slot", None), SlotSet(PAUSED_FLOW_SLOT, flow)]


class ActionResumeFlow(Action):
    """"Carry on": forget the paused form (a rule per form then restarts it), or offer the
    menu when nothing was paused."""

    def name(self) -> str:
        return "action_resume_flow"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        flow = tracker.get_slot(PAUSED_FLOW_SLOT)
        if flow:
            return [SlotSet(PAUSED_FLOW_SLOT, None)]
        dispatcher.utter_message(response="utter_nothing_to_carry_on")
        dispatcher.utter_message(response="utter_menu")
        return []


# What "yes" to "Would it help to try one of those now?" offers: the person's own plan
# when they have one, someone to talk to, and two short calming exercises.
OPTIONS_TEXT = "Let's try something now. Pick one, or just keep writing to me."
OPTIONS_BUTTONS_PLAN = ("My plan", "/show_plan")
OPTIONS_BUTTONS = (
    ("Talk to someone now", "/ask_contacts"),
    ("5-4-3-2-1 grounding", '/start_exercise{"exercise_id": "grounding_54321"}'),
    ("Slow breathing", '/start_exercise{"exercise_id": "paced_breathing"}'),
)


class ActionCrisisOptions(Action):
    """"Yes" after a crisis answer: the things it offered, as buttons."""

    def name(self) -> str:
        return "action_crisis_options"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        plan = await own_plan(tracker.sender_id)
        has_plan = plan is not None and bool(plan.what_helps or plan.contacts)
        options = ((OPTIONS_BUTTONS_PLAN,) if has_plan else ()) + OPTIONS_BUTTONS
        dispatcher.utter_message(
            text=OPTIONS_TEXT, buttons=[{"title": t, "payload": p} for t, p in options]
        )
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
