"""Consent before anything personal is kept: the screen, the yes or no, and withdrawing it.

The first time a person starts something that keeps records (a plan, a check-in, reminders),
the start action asks once: "Yes, keep it" / "No, don't keep it". The buttons send the start
intent again with the answer (`/start_plan{"data_consent": "given"}`), and a typed yes or no
straight after the screen brings the rules back to the same start action, which reads it from
the `data_consent` slot ("ask"). The start action then sets the slot to "given" or "declined"
and the rules carry on into the flow, which keeps nothing when declined.

The yes is recorded with its date in the personal store (store/consent.py): part of the
export and of erasure. "Stop keeping my data" deletes it and offers to delete what was kept.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.personal_tools.common import MENU_BUTTON, entity, person
from actions.settings import ActionSettings
from actions.store_access import with_store
from common.clock import uk_now
from store import consent
from store import reminders as reminder_records

CONSENT_SLOT = "data_consent"
ASK, GIVEN, DECLINED = "ask", "given", "declined"

# What each flow keeps, in the words of the consent screen.
KEPT = {
    "start_plan": "your staying-well plan",
    "start_checkin": "your check-ins (your mood, a word, how you're managing)",
    "set_reminder": "your reminder time and your Telegram chat number, to send it",
    "give_consent": "your plan, check-ins, reminders, and exercise favourites and notes",
}
THANKS = "Thanks. I'll keep it, and you can say \"stop keeping my data\" at any time."


def _intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


def answer_in(tracker: Tracker) -> str | None:
    """GIVEN or DECLINED if the latest message answers the consent screen, else None."""
    said = entity(tracker, CONSENT_SLOT)
    if said in (GIVEN, DECLINED):
        return said
    if tracker.get_slot(CONSENT_SLOT) == ASK:
        return {"affirm": GIVEN, "deny": DECLINED}.get(_intent(tracker) or "")
    return None


def consent_screen(start_intent: str) -> Dict[str, Any]:
    """The one short screen: what will be kept, who can read it, for how long; yes or no."""
    days = ActionSettings.from_env().retention.personal_days
    return {
        "response": "utter_ask_data_consent",
        "kept": KEPT[start_intent],
        "days": days,
        "buttons": [
            {"title": "Yes, keep it", "payload": f'/{start_intent}{{"data_consent": "{GIVEN}"}}'},
            {"title": "No, don't keep it",
             "payload": f'/{start_intent}{{"data_consent": "{DECLINED}"}}'},
        ],
    }


async def settle(dispatcher: CollectingDispatcher, tracker: Tracker, start_intent: str) -> str:
    """GIVEN (recorded, or recorded before), DECLINED (keep nothing this time), or ASK (the
    screen was just shown). A yes is recorded here with today's date."""
    who, now = person(tracker), uk_now()
    answer = answer_in(tracker)

    def look(store: Any) -> bool:
        if consent.given(store, who):
            consent.touch(store, who, now)
            return True
        if answer == GIVEN:
            consent.give(store, who, now)
        return False

    if await with_store(look):
        return GIVEN
    if answer == GIVEN:
        dispatcher.utter_message(text=THANKS)
        return GIVEN
    if answer == DECLINED:
        return DECLINED
    dispatcher.utter_message(**consent_screen(start_intent))
    return ASK


async def may_keep(person_id: str) -> bool:
    """Whether anything may be stored for this person now."""
    return await with_store(lambda store: consent.given(store, person_id))


class ActionGiveConsent(Action):
    """"You can keep my data": the screen, then the yes (recorded) or no."""

    def name(self) -> str:
        return "action_give_consent"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        state = await settle(dispatcher, tracker, "give_consent")
        if state == DECLINED:
            dispatcher.utter_message(response="utter_consent_declined", buttons=[MENU_BUTTON])
        elif state == GIVEN and answer_in(tracker) is None:
            dispatcher.utter_message(response="utter_consent_already_given",
                                     buttons=[MENU_BUTTON])
        elif state == GIVEN:
            dispatcher.utter_message(text="What would you like to do?", buttons=[MENU_BUTTON])
        return [SlotSet(CONSENT_SLOT, state)]


class ActionWithdrawConsent(Action):
    """"Stop keeping my data": nothing more is kept from now; deleting what is kept is offered."""

    def name(self) -> str:
        return "action_withdraw_consent"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        who = person(tracker)

        def withdraw(store: Any) -> bool:
            consent.withdraw(store, who)
            reminder_records.clear(store, who)
            return bool(store.export(who))

        still_kept = await with_store(withdraw)
        if still_kept:
            dispatcher.utter_message(response="utter_consent_withdrawn_offer_deletion", buttons=[
                {"title": "Delete it all", "payload": "/delete_my_data"},
                {"title": "Keep what's there", "payload": "/show_menu"},
            ])
        else:
            dispatcher.utter_message(response="utter_consent_withdrawn", buttons=[MENU_BUTTON])
        # A reminder needs the chat number bot/ keeps: withdrawing ends reminders too.
        dispatcher.utter_message(json_message={"kind": "reminder", "action": "clear"})
        return [SlotSet(CONSENT_SLOT, None)]
