"""The find-support form's slot filling: one message in, slot changes out.

The rules live in `signposting.turns` (plain Python, unit-tested); this only
hands them the message, the slots and, while the form is running, which slot
it asked for, so the "ask once" defaults never apply to a fresh request.
"""

from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction

from signposting.turns import FAMILY, FILTERS, LOCATED, PLACE, TOPIC, slot_updates
from signposting.understanding import warm_up

FORM = "find_support_form"
SLOTS = (TOPIC, PLACE, *FILTERS, LOCATED)


class ValidateFindSupportForm(FormValidationAction):
    def __init__(self) -> None:
        # The action server builds each action once, when it starts: a good moment to
        # load spaCy and the place and topic matchers in the background.
        super().__init__()
        warm_up()

    def name(self) -> str:
        return "validate_find_support_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        active = tracker.active_loop_name == FORM
        requested = tracker.get_slot("requested_slot") if active else None
        slots = {name: tracker.get_slot(name) for name in SLOTS}
        updates = slot_updates(tracker.latest_message, slots, requested)
        if FAMILY in updates:
            updates[FAMILY] = bool(updates[FAMILY])
        return [SlotSet(name, value) for name, value in updates.items()]
