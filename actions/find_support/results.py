"""Show what fits, three at a time, and the next three on "see more".

The search and the wording are in `signposting.answer`; the search runs in a
worker thread because the ALISS adapter, when switched on, may wait up to its
short timeout for the network.
"""

import asyncio
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.find_support.finding import SLOTS
from actions.usage import count, pathway_of
from common.clock import uk_now
from pathways.usage import UsageKind
from signposting.answer import aliss_client, answer
from signposting.render import Page
from signposting.turns import PLACE, TOPIC

PAGE_SLOT = "support_page"
SEE_MORE = {"title": "See more", "payload": "/show_more_support"}
NARROW = {"title": "Narrow down", "payload": "/narrow_support"}
MENU = {"title": "Menu", "payload": "/show_menu"}
FIND = {"title": "Find support", "payload": "/find_group"}


async def _page(tracker: Tracker, page: int) -> Page:
    slots = {name: tracker.get_slot(name) for name in SLOTS}
    return await asyncio.to_thread(answer, slots, page, uk_now(), aliss_client())


def _buttons(page: Page) -> List[Dict[str, str]]:
    return [SEE_MORE, NARROW, MENU] if page.has_more else [NARROW, MENU]


class ActionSearchSupport(Action):
    """The first page of results for what the person asked."""

    def name(self) -> str:
        return "action_search_support"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        page = await _page(tracker, 0)
        dispatcher.utter_message(text=page.text, buttons=_buttons(page))
        await count(UsageKind.SEARCH, pathway_of(tracker))
        return [SlotSet(PAGE_SLOT, 0.0)]


class ActionShowMoreSupport(Action):
    """The next three, or a kind note that there are no more."""

    def name(self) -> str:
        return "action_show_more_support"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        if not tracker.get_slot(TOPIC) and not tracker.get_slot(PLACE):
            dispatcher.utter_message(
                text="We haven't looked for anything yet. What would you like support with?",
                buttons=[FIND, MENU])
            return []
        number = int(tracker.get_slot(PAGE_SLOT) or 0) + 1
        page = await _page(tracker, number)
        if not page.shown:
            dispatcher.utter_message(text=page.text, buttons=[NARROW, MENU])
            return []
        dispatcher.utter_message(text=page.text, buttons=_buttons(page))
        return [SlotSet(PAGE_SLOT, float(number))]
