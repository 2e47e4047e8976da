"""Their data in their hands: what is kept, an export file, and erasure after one confirmation.

The export reads the whole saved conversation (every session, not only the one the action is
given) from Rasa's HTTP API at `RASA_URL`; if that cannot be reached, the current session.

Erasure of the conversation itself cannot happen here: Rasa saves this conversation's events
again after the action returns. So the action asks bot/ (custom payload "erase_conversation")
to call the Rasa erasure endpoint (rasa_plugins/conversation_erasure.py) once this turn is saved.
"""

from __future__ import annotations

import logging
from typing import Any, List
from urllib.parse import quote

import httpx
from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.personal_tools.common import MENU_BUTTON, document, person
from actions.settings import ActionSettings
from actions.store_access import with_store
from common.clock import uk_now
from personal import my_data
from personal.privacy import privacy_notice
from store import reminders

_LOGGER = logging.getLogger(__name__)

BOT_RECORDS_KEY = "add_bot_records"
DATA_BUTTONS = [
    {"title": "Export my data", "payload": "/export_my_data"},
    {"title": "Delete my data", "payload": "/delete_my_data"},
    MENU_BUTTON,
]


async def saved_events(sender: str, current: List[dict]) -> List[dict]:
    """Every saved event of the conversation, across sessions; `current` if Rasa cannot say."""
    rasa_url = ActionSettings.from_env().rasa_url
    if not rasa_url:
        return current
    url = f"{rasa_url.rstrip('/')}/conversations/{quote(sender, safe='')}/tracker"
    try:
        async with httpx.AsyncClient(timeout=10) as client:
            response = await client.get(url, params={"include_events": "ALL"})
        if response.status_code == 200:
            return list(response.json().get("events") or current)
        _LOGGER.warning("could not read the saved conversation (status %s)", response.status_code)
    except (httpx.HTTPError, ValueError) as exc:
        _LOGGER.warning("could not read the saved conversation (%s)", type(exc).__name__)
    return current


class ActionExplainPrivacy(Action):
    """Who can see what, and for how long: the notice with the configured limits."""

    def name(self) -> str:
        return "action_explain_privacy"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        dispatcher.utter_message(
            text=privacy_notice(ActionSettings.from_env().retention),
            buttons=[{"title": "What do you keep?", "payload": "/ask_my_data"}, MENU_BUTTON],
        )
        return []


class ActionShowMyData(Action):
    def name(self) -> str:
        return "action_show_my_data"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        who = person(tracker)

        def look(store: Any) -> tuple[dict, bool]:
            return store.export(who), reminders.current(store, who) is not None

        kept, reminder_on = await with_store(look)
        held = my_data.held_in_conversation(await saved_events(who, tracker.events))
        retention = ActionSettings.from_env().retention
        consent_button = (
            {"title": "Stop keeping my data", "payload": "/withdraw_consent"}
            if "data_consents" in kept else
            {"title": "You can keep my data", "payload": "/give_consent"})
        dispatcher.utter_message(
            text=my_data.describe_kept(kept, reminder_on, held, retention.conversation_days,
                                       retention.personal_days),
            buttons=[*DATA_BUTTONS[:2], consent_button, MENU_BUTTON])
        return []


class ActionExportMyData(Action):
    def name(self) -> str:
        return "action_export_my_data"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        who = person(tracker)
        kept = await with_store(lambda store: store.export(who))
        events = await saved_events(who, tracker.events)
        now = uk_now()
        made = my_data.export_document(my_data.export_content(kept, events, now), now)
        payload = document(made["filename"], made["text"], "Everything I keep about you",
                           mime="application/json")
        # bot/ adds its own row (the reminder's chat number and schedule) before sending:
        # only bot/ knows the chat (bot/reminders.py).
        dispatcher.utter_message(json_message={**payload, BOT_RECORDS_KEY: True})
        dispatcher.utter_message(response="utter_export_sent", buttons=[MENU_BUTTON])
        return []


class ActionEraseMyData(Action):
    """Runs only after the person confirmed; erases records now, the conversation via bot/."""

    def name(self) -> str:
        return "action_erase_my_data"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        removed = await with_store(lambda store: store.erase(person(tracker)))
        dispatcher.utter_message(text=my_data.describe_erased(removed))
        dispatcher.utter_message(json_message={"kind": "erase_conversation"})
        return []
