"""The staying-well plan: the guided form, showing it, changing one part, sending it as a file."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.personal_tools.common import (
    MENU_BUTTON,
    answering,
    document,
    entity,
    latest_text,
    person,
    skipped,
)
from actions.personal_tools.consent import ASK, CONSENT_SLOT, DECLINED, may_keep, settle
from actions.store_access import with_store
from common.clock import uk_now
from personal import plan

FOUND_SLOT = "plan_section_found"
PLAN_BUTTONS = [
    {"title": "Change a part", "payload": "/change_plan_section"},
    {"title": "Send it as a file", "payload": "/send_plan"},
    MENU_BUTTON,
]
SHARE_LINE = ("It's yours: share it with whoever you choose, like someone close or your care "
              "team, or keep it to yourself.")


def _prefill(saved: dict[str, str], leave_empty: str | None = None) -> List[EventType]:
    """Slots for the form: written sections keep their words, others wait to be asked."""
    events: List[EventType] = []
    for section in plan.SECTIONS:
        value = saved.get(section.key) if section.key != leave_empty else None
        if leave_empty is not None and value is None and section.key != leave_empty:
            value = plan.SKIPPED  # changing one part: the form asks only that one
        events.append(SlotSet(section.slot, value))
    return events


class ActionStartPlan(Action):
    """Before the form: an introduction, and the parts already written filled in."""

    def name(self) -> str:
        return "action_start_plan"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        state = await settle(dispatcher, tracker, "start_plan")
        if state == ASK:
            return [SlotSet(CONSENT_SLOT, ASK)]
        if state == DECLINED:
            dispatcher.utter_message(response="utter_plan_intro_not_kept")
            return [SlotSet(CONSENT_SLOT, DECLINED), *_prefill({})]
        saved = await with_store(lambda store: plan.load(store, person(tracker)))
        events = [SlotSet(CONSENT_SLOT, state), *_prefill(saved)]
        if not saved:
            dispatcher.utter_message(response="utter_plan_intro")
        elif plan.missing(saved):
            dispatcher.utter_message(response="utter_plan_continue",
                                     done=len(saved), left=len(plan.missing(saved)))
        return events


class ValidatePlanForm(FormValidationAction):
    """Each answer is kept as soon as it is given, so stopping halfway loses nothing."""

    def name(self) -> str:
        return "validate_plan_form"

    async def _keep(self, slot: str, value: Any, tracker: Tracker) -> Dict[str, Any]:
        if not answering(tracker, slot):
            return {slot: value}  # filled before the form asked: already kept
        text = str(value or "")
        if skipped(tracker, text):
            return {slot: plan.SKIPPED}
        tidy = plan.tidy_answer(text)
        if not tidy:
            return {slot: None}
        key = plan.section_for_slot(slot).key
        if await may_keep(person(tracker)):
            await with_store(lambda store: plan.save(store, person(tracker), key, tidy, uk_now()))
        return {slot: tidy}


def _section_validator(slot: str) -> Any:
    """rasa_sdk looks for `validate_<slot>`: every part of the plan is kept the same way."""

    async def validate(self: ValidatePlanForm, value: Any, dispatcher: CollectingDispatcher,
                       tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        return await self._keep(slot, value, tracker)

    return validate


for _section in plan.SECTIONS:
    setattr(ValidatePlanForm, f"validate_{_section.slot}", _section_validator(_section.slot))


class ActionFinishPlan(Action):
    """After the form: the plan is saved; what next. Slots are emptied: the store is the record."""

    def name(self) -> str:
        return "action_finish_plan"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if not await may_keep(person(tracker)):
            _show_unkept(dispatcher, tracker)
            return [SlotSet(slot, None) for slot in (*plan.SLOTS, FOUND_SLOT)]
        saved = await with_store(lambda store: plan.load(store, person(tracker)))
        if saved:
            dispatcher.utter_message(response="utter_plan_saved")
            if saved.get("crisis"):
                dispatcher.utter_message(text=plan.ADVANCE_STATEMENT_NOTE)
            dispatcher.utter_message(text="What next?", buttons=[
                {"title": "Show my plan", "payload": "/show_plan"}, *PLAN_BUTTONS[1:]])
        else:
            dispatcher.utter_message(response="utter_plan_empty_at_end")
        return [SlotSet(slot, None) for slot in (*plan.SLOTS, FOUND_SLOT)]


def _show_unkept(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """Without consent the plan is shown once, from this conversation, and not kept."""
    written = {section.key: tracker.get_slot(section.slot) for section in plan.SECTIONS}
    written = {k: v for k, v in written.items() if v and v != plan.SKIPPED}
    if not written:
        dispatcher.utter_message(response="utter_plan_empty_at_end")
        return
    dispatcher.utter_message(
        text=f"Here's your staying-well plan\n\n{plan.render(written)}\n\n"
             "I haven't kept it, as you asked, so copy it somewhere safe if you'd like it.",
        buttons=[MENU_BUTTON],
    )


async def _saved_plan_or_say_none(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> Dict[str, str]:
    """The person's plan; when there is none yet, they are told so (and get {})."""
    saved = await with_store(lambda store: plan.load(store, person(tracker)))
    if not saved:
        dispatcher.utter_message(response="utter_no_plan_yet")
    return saved


class ActionShowPlan(Action):
    def name(self) -> str:
        return "action_show_plan"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        saved = await _saved_plan_or_say_none(dispatcher, tracker)
        if not saved:
            return []
        buttons = PLAN_BUTTONS
        if plan.missing(saved):
            buttons = [{"title": "Fill in the rest", "payload": "/start_plan"}, *PLAN_BUTTONS]
        # One message with its buttons: Rasa splits a text without buttons at blank lines.
        dispatcher.utter_message(
            text=f"Your staying-well plan\n\n{plan.render(saved)}\n\nYou can change any part.",
            buttons=buttons,
        )
        return []


class ActionChangePlanSection(Action):
    """"Change my warning signs": the form then asks only that part; if unclear, which part."""

    def name(self) -> str:
        return "action_change_plan_section"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        key = entity(tracker, "plan_section")
        section = plan.BY_KEY.get(key or "") or plan.section_from_text(latest_text(tracker))
        if section is None:
            dispatcher.utter_message(text="Which part would you like to change?", buttons=[
                {"title": s.title,
                 "payload": f'/change_plan_section{{"plan_section":"{s.key}"}}'}
                for s in plan.SECTIONS
            ] + [MENU_BUTTON])
            return [SlotSet(FOUND_SLOT, False)]
        saved = await with_store(lambda store: plan.load(store, person(tracker)))
        current = saved.get(section.key)
        if current:
            dispatcher.utter_message(text=f"{section.title}, as it is now:\n{current}")
        return [*_prefill(saved, leave_empty=section.key), SlotSet(FOUND_SLOT, True)]


class ActionSendPlan(Action):
    def name(self) -> str:
        return "action_send_plan"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        saved = await _saved_plan_or_say_none(dispatcher, tracker)
        if not saved:
            return []
        made = plan.document(saved, uk_now())
        dispatcher.utter_message(json_message=document(
            made["filename"], made["text"], "Your staying-well plan"))
        dispatcher.utter_message(text=SHARE_LINE, buttons=[MENU_BUTTON])
        return []
