"""Check-ins: a 0-10 mood and an optional word, and every week or so the outcome statements."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.personal_tools.common import MENU_BUTTON, answering, person, skipped
from actions.personal_tools.consent import ASK, CONSENT_SLOT, DECLINED, may_keep, settle
from actions.store_access import with_store
from actions.usage import count, pathway_of
from common.clock import uk_now
from pathways.usage import UsageKind
from personal import checkins
from personal.checkins import OUTCOME_SLOTS, OUTCOME_STATEMENTS, SCALE, AnswerError
from personal.plan import SKIPPED
from store import checkins as records

DUE_SLOT = "checkin_outcomes_due"
CHECKIN_SLOTS = ("checkin_mood", "checkin_word", *OUTCOME_SLOTS)
# A mood of 0, 1 or 2, or an outcome statement answered at its lowest ("Not at all"),
# is met with more than "noted": an acknowledgement, someone to talk to, the person's
# own plan when they have one, and a short exercise.
LOW_MOOD_AT_MOST = 2
LOWEST_AGREEMENT = 1
LOW_ANSWER = (
    "Thank you for telling me. That sounds like a really hard time, and I'm glad you "
    "checked in. It's noted, just for you. Would any of these help right now?"
)
LOW_ANSWER_PLAN = "You've made a plan for days like this: {items}."
LOW_BUTTONS = [
    {"title": "Talk to someone now", "payload": "/ask_contacts"},
    {"title": "5-4-3-2-1 grounding",
     "payload": '/start_exercise{"exercise_id": "grounding_54321"}'},
    {"title": "Slow breathing", "payload": '/start_exercise{"exercise_id": "paced_breathing"}'},
]
PLAN_BUTTON = {"title": "My plan", "payload": "/show_plan"}
AFTER_BUTTONS = [
    {"title": "How have I been?", "payload": "/show_progress"},
    {"title": "Check-in reminders", "payload": "/set_reminder"},
    {"title": "Make a summary", "payload": "/make_summary"},
    MENU_BUTTON,
]


class ActionStartCheckin(Action):
    """Fresh answers each time; whether the outcome statements are due this time."""

    def name(self) -> str:
        return "action_start_checkin"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        state = await settle(dispatcher, tracker, "start_checkin")
        if state == ASK:
            return [SlotSet(CONSENT_SLOT, ASK)]
        if state == DECLINED:
            dispatcher.utter_message(response="utter_checkin_not_kept_intro")
            due = False  # the statements are for seeing change over time, which needs keeping
        else:
            last = await with_store(
                lambda store: records.last_outcomes_at(store, person(tracker)))
            due = checkins.outcomes_due(last, uk_now())
        return [SlotSet(CONSENT_SLOT, state), *(SlotSet(slot, None) for slot in CHECKIN_SLOTS),
                SlotSet(DUE_SLOT, due)]


class ValidateCheckinForm(FormValidationAction):
    def name(self) -> str:
        return "validate_checkin_form"

    async def required_slots(
        self, domain_slots: List[str], dispatcher: CollectingDispatcher, tracker: Tracker,
        domain: DomainDict,
    ) -> List[str]:
        """No word asked after a skipped mood; the statements only when they are due."""
        slots = ["checkin_mood"]
        if tracker.get_slot("checkin_mood") != SKIPPED:
            slots.append("checkin_word")
        if tracker.get_slot(DUE_SLOT):
            slots.extend(OUTCOME_SLOTS)
        return slots

    def validate_checkin_mood(self, value: Any, dispatcher: CollectingDispatcher,
                              tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        if not answering(tracker, "checkin_mood"):
            return {"checkin_mood": value}
        text = str(value or "")
        if skipped(tracker, text):
            return {"checkin_mood": SKIPPED}
        try:
            return {"checkin_mood": checkins.parse_mood(text)}
        except AnswerError as error:
            dispatcher.utter_message(text=str(error))
            return {"checkin_mood": None}

    def validate_checkin_word(self, value: Any, dispatcher: CollectingDispatcher,
                              tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        if not answering(tracker, "checkin_word"):
            return {"checkin_word": value}
        text = str(value or "")
        word = None if skipped(tracker, text) else checkins.parse_word(text)
        return {"checkin_word": word or SKIPPED}

    def _scale(self, slot: str, value: Any, dispatcher: CollectingDispatcher,
               tracker: Tracker) -> Dict[str, Any]:
        if not answering(tracker, slot):
            return {slot: value}
        text = str(value or "")
        if skipped(tracker, text):
            return {slot: SKIPPED}
        try:
            return {slot: checkins.parse_scale(text)}
        except AnswerError as error:
            dispatcher.utter_message(text=str(error))
            return {slot: None}

    def validate_outcome_manage(self, value: Any, dispatcher: CollectingDispatcher,
                                tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        return self._scale("outcome_manage", value, dispatcher, tracker)

    def validate_outcome_support(self, value: Any, dispatcher: CollectingDispatcher,
                                 tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        return self._scale("outcome_support", value, dispatcher, tracker)

    def validate_outcome_hope(self, value: Any, dispatcher: CollectingDispatcher,
                              tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        return self._scale("outcome_hope", value, dispatcher, tracker)

    def validate_outcome_know(self, value: Any, dispatcher: CollectingDispatcher,
                              tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        return self._scale("outcome_know", value, dispatcher, tracker)


class _AskOutcome(Action):
    """Asks one outcome statement with a five-point scale as buttons."""

    statement_id = ""

    def name(self) -> str:
        return f"action_ask_outcome_{self.statement_id}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        index = [s.id for s in OUTCOME_STATEMENTS].index(self.statement_id)
        statement = OUTCOME_STATEMENTS[index]
        intro = ("A few quick ones I ask every week or so. How much do you agree?\n\n"
                 if index == 0 else "")
        dispatcher.utter_message(
            text=f'{intro}"{statement.text}"',
            buttons=[{"title": label, "payload": str(n)} for n, label in enumerate(SCALE, 1)]
            + [{"title": "Skip", "payload": "skip"}],
        )
        return []


class ActionAskOutcomeManage(_AskOutcome):
    statement_id = "manage"


class ActionAskOutcomeSupport(_AskOutcome):
    statement_id = "support"


class ActionAskOutcomeHope(_AskOutcome):
    statement_id = "hope"


class ActionAskOutcomeKnow(_AskOutcome):
    statement_id = "know"


class ActionSaveCheckin(Action):
    """Keeps what was answered (nothing if everything was skipped) and clears the slots."""

    def name(self) -> str:
        return "action_save_checkin"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        mood = tracker.get_slot("checkin_mood")
        word = tracker.get_slot("checkin_word")
        ratings = {s.id: tracker.get_slot(f"outcome_{s.id}") for s in OUTCOME_STATEMENTS}
        ratings = {k: int(v) for k, v in ratings.items() if v not in (None, SKIPPED)}
        now, who = uk_now(), person(tracker)

        def keep(store: Any) -> None:
            if mood not in (None, SKIPPED):
                records.record_mood(store, who, now, int(mood),
                                    None if word == SKIPPED else word)
            if ratings:
                records.record_outcomes(store, who, now, ratings)

        answered = mood not in (None, SKIPPED) or bool(ratings)
        kept = answered and await may_keep(who)
        if kept:
            await with_store(keep)
            await count(UsageKind.CHECKIN, pathway_of(tracker))
        low = (mood not in (None, SKIPPED) and int(mood) <= LOW_MOOD_AT_MOST) or any(
            rating <= LOWEST_AGREEMENT for rating in ratings.values())
        if low:
            await _answer_low(dispatcher, who)
        elif not answered:
            dispatcher.utter_message(response="utter_checkin_nothing_saved", buttons=[MENU_BUTTON])
        elif not kept:
            dispatcher.utter_message(response="utter_checkin_not_kept", mood=mood,
                                     buttons=[MENU_BUTTON])
        else:
            dispatcher.utter_message(response="utter_checkin_saved", buttons=AFTER_BUTTONS)
        return [*(SlotSet(slot, None) for slot in CHECKIN_SLOTS), SlotSet(DUE_SLOT, None)]


async def _answer_low(dispatcher: CollectingDispatcher, who: str) -> None:
    """A low check-in: acknowledged, with someone to talk to, the plan and an exercise."""
    from actions.crisis import own_plan  # the same plan the crisis answer offers

    plan = await own_plan(who)
    items = [*(plan.what_helps if plan else ()), *(plan.contacts if plan else ())][:3]
    text = LOW_ANSWER
    if items:
        text += "\n\n" + LOW_ANSWER_PLAN.format(items=", ".join(items))
    buttons = [*LOW_BUTTONS[:1], *([PLAN_BUTTON] if items else []), *LOW_BUTTONS[1:]]
    dispatcher.utter_message(text=text, buttons=buttons)
