"""Actions that run an exercise: the form's validation and question, its end,
and stopping or leaving for the menu in the middle.

The form `exercise_form` has one slot, `exercise_reply`, that takes every reply.
`validate_exercise_form` hands the reply to `flow.respond` and empties the slot
again, so the form asks once more (`action_ask_exercise_reply` renders the next
screen from the state) until the flow is done or paused; then `required_slots`
is empty and the form ends. Everything needed to carry on is in
`exercise_state`, so the form can be stopped by a crisis answer and restarted.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import Any, Dict, List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.choose_exercise import (
    PAUSED_SLOT,
    REPLY_SLOT,
    STATE_SLOT,
    entity,
)
from actions.store_access import personal_store
from actions.usage import count, pathway_of
from common.clock import uk_now
from exercises import flow, replies, runner, screens
from exercises.runner import StateError
from pathways.usage import UsageKind
from store import consent
from store import exercises as records

logger = logging.getLogger(__name__)

FORM = "exercise_form"
_LOST = "Sorry, I've lost my place in that exercise. Would you like to pick another?"
_NOT_SAVED = "Sorry, I couldn't keep that just now. Nothing you wrote has been stored."
_NOT_KEPT = ("I haven't kept that, as you haven't said yes to me keeping things about you. "
             "If you'd like me to, say \"you can keep my data\".")
_FINISHED = "That's the exercise finished. What would you like to do next?"
_PLACE_KEPT = "I've kept your place in the exercise. Say carry on when you want to go back to it."
_AFTER_BUTTONS = [
    {"title": "Another exercise", "payload": "/browse_exercises"},
    {"title": "Menu", "payload": "/show_menu"},
]


def _buttons(pairs: tuple[tuple[str, str], ...]) -> List[Dict[str, str]]:
    return [{"title": title, "payload": target} for title, target in pairs]


def keep(outcome: flow.Outcome, person: str, at: datetime) -> None:
    """Write what the outcome says to keep: the run, a favourite, saved notes."""
    store = personal_store()
    state = outcome.state
    exercise_id = state.get("exercise", "")
    if outcome.record_run:
        records.record_run(
            store, person, exercise_id, at, state.get("rating_before"), state.get("rating_after")
        )
    if outcome.add_favourite:
        records.add_favourite(store, person, exercise_id, at)
    for step_id, text in outcome.notes.items():
        records.save_note(store, person, exercise_id, step_id, text, at)
    consent.touch(store, person, at)


async def keep_safely(
    dispatcher: CollectingDispatcher, outcome: flow.Outcome, person: str, at: datetime
) -> None:
    """Keep records off the event loop; a failed write is told, never hidden."""
    if not (outcome.record_run or outcome.add_favourite or outcome.notes):
        return
    if not await asyncio.to_thread(lambda: consent.given(personal_store(), person)):
        # Without a yes nothing is kept; a run goes unrecorded, a choice to keep is answered.
        if outcome.add_favourite or outcome.notes:
            dispatcher.utter_message(text=_NOT_KEPT)
        return
    try:
        await asyncio.to_thread(keep, outcome, person, at)
    except Exception as error:  # noqa: BLE001 - any store failure: tell the person
        # The type only: a database error's text can carry the words being saved.
        logger.error("Could not keep exercise records: %s", type(error).__name__)
        if outcome.notes:
            dispatcher.utter_message(text=_NOT_SAVED)


async def keep_and_count(
    dispatcher: CollectingDispatcher, outcome: flow.Outcome, tracker: Tracker, at: datetime
) -> None:
    """Keep the outcome's records; a recorded run is also one "exercise finished" counted."""
    await keep_safely(dispatcher, outcome, tracker.sender_id, at)
    if outcome.record_run:
        await count(UsageKind.EXERCISE_FINISHED, pathway_of(tracker))


def _state_events(state: dict) -> List[EventType]:
    return [SlotSet(STATE_SLOT, state), SlotSet(PAUSED_SLOT, flow.is_paused(state))]


def _activated_this_turn(tracker: Tracker) -> bool:
    """Whether the form was activated after the latest user message (Rasa's activation call)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "active_loop" and event.get("name") == FORM:
            return True
    return False


class ValidateExerciseForm(FormValidationAction):
    """Takes each reply, moves the run on, and ends the form when there is nothing to ask."""

    def name(self) -> str:
        return "validate_exercise_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        events = await super().run(dispatcher, tracker, domain)
        if not events and _activated_this_turn(tracker):
            # When activation's validation returns no events, Rasa 3.6 asks for the same
            # validation again in the form's first step: one more action server round
            # trip for the same answer. A slot event that changes nothing (the reply is
            # already empty, and it does not influence the conversation) tells Rasa the
            # validation is done.
            return [SlotSet(REPLY_SLOT, None)]
        return events

    async def required_slots(
        self,
        domain_slots: List[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[str]:
        return domain_slots if flow.is_active(tracker.get_slot(STATE_SLOT)) else []

    async def validate_exercise_reply(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[str, Any]:
        if slot_value is None:
            # Not a reply: the slot was only emptied (by start or resume) just
            # before the form was activated, and rasa_sdk validates every slot set.
            return {}
        message = tracker.latest_message
        reply = replies.read_reply(
            (message.get("intent") or {}).get("name"),
            message.get("text"),
            entity(tracker, "exercise_answer"),
        )
        now = uk_now()
        try:
            outcome = flow.respond(tracker.get_slot(STATE_SLOT), reply, now)
        except (StateError, KeyError):
            # Ends the form: `required_slots` is empty for a state that cannot go on.
            return {REPLY_SLOT: None, STATE_SLOT: {}, PAUSED_SLOT: False}
        for text in outcome.said:
            dispatcher.utter_message(text=text)
        await keep_and_count(dispatcher, outcome, tracker, now)
        return {
            REPLY_SLOT: None,
            STATE_SLOT: outcome.state,
            PAUSED_SLOT: flow.is_paused(outcome.state),
        }


class ActionAskExerciseReply(Action):
    """The current question or step, from the state alone, with a timer for timed steps."""

    def name(self) -> str:
        return "action_ask_exercise_reply"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        try:
            screen = screens.screen(tracker.get_slot(STATE_SLOT))
        except (StateError, KeyError):
            dispatcher.utter_message(text=_LOST)
            return [ActiveLoop(None), SlotSet("requested_slot", None), *_state_events({})]
        dispatcher.utter_message(text=screen.text, buttons=_buttons(screen.buttons))
        if screen.timer:
            dispatcher.utter_message(json_message=screen.timer)
        return []


class ActionCloseExercise(Action):
    """What follows the form: the paused screen, or what to do next after finishing."""

    def name(self) -> str:
        return "action_close_exercise"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        state = tracker.get_slot(STATE_SLOT)
        if flow.is_paused(state):
            paused = runner.current_prompt(state)
            buttons = _buttons(paused.buttons) + [{"title": "Menu", "payload": "/show_menu"}]
            dispatcher.utter_message(text=paused.text, buttons=buttons)
        elif isinstance(state, dict) and state.get("phase") == "done":
            dispatcher.utter_message(text=_FINISHED, buttons=_AFTER_BUTTONS)
        else:
            # The form ended on a state it could not carry on (say, a removed exercise).
            dispatcher.utter_message(text=_LOST, buttons=_AFTER_BUTTONS)
        return [SlotSet(PAUSED_SLOT, flow.is_paused(state))]


def _end_loop(state: dict) -> List[EventType]:
    return [
        ActiveLoop(None), SlotSet("requested_slot", None), SlotSet(REPLY_SLOT, None),
        *_state_events(state),
    ]


class ActionStopExercise(Action):
    """Stop at once, with a short kind word and no question."""

    def name(self) -> str:
        return "action_stop_exercise"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        now = uk_now()
        outcome = flow.stop(tracker.get_slot(STATE_SLOT), now)
        dispatcher.utter_message(text=runner.STOPPED)
        await keep_and_count(dispatcher, outcome, tracker, now)
        return _end_loop(outcome.state)


class ActionLeaveExercise(Action):
    """The menu in the middle of a run: the place is kept, like a pause."""

    def name(self) -> str:
        return "action_leave_exercise"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        now = uk_now()
        outcome = flow.leave(tracker.get_slot(STATE_SLOT), now)
        if flow.is_paused(outcome.state):
            dispatcher.utter_message(text=_PLACE_KEPT)
        await keep_and_count(dispatcher, outcome, tracker, now)
        return _end_loop(outcome.state)

