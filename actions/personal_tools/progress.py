""""How have I been": a chart of the person's own ratings and a short summary in words."""

from __future__ import annotations

import base64
from typing import Any, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.personal_tools.common import MENU_BUTTON, person
from actions.store_access import with_store
from common.clock import uk_now
from personal import progress
from store import checkins as records

CAPTION = "Your mood and how you rated the statements, over time"


class ActionShowProgress(Action):
    def name(self) -> str:
        return "action_show_progress"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        who = person(tracker)

        def gather(store: Any) -> tuple[list, list, bytes | None]:
            moods, outcomes = records.moods(store, who), records.outcomes(store, who)
            chart = progress.chart_png(moods, outcomes) if progress.enough(moods) else None
            return moods, outcomes, chart

        moods, outcomes, chart = await with_store(gather)
        if chart is not None:
            dispatcher.utter_message(json_message={
                "kind": "photo",
                "png_base64": base64.b64encode(chart).decode("ascii"),
                "caption": CAPTION,
            })
        dispatcher.utter_message(
            text=progress.summary(moods, outcomes, uk_now()),
            buttons=[{"title": "Check in now", "payload": "/start_checkin"}, MENU_BUTTON],
        )
        return []
