"""Actions for finding an exercise: by need, by theme, favourites, or by name.

Each one ends in buttons whose payloads start an exercise by id, so whatever
way the person found it, the run starts the same way (`action_start_exercise`).
"""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any, Dict, Iterable, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.store_access import personal_store, with_store
from common.clock import uk_now
from exercises import flow, library, suggest
from exercises.choosing import THEME_LABELS, named
from exercises.model import Exercise
from store import exercises as records

STATE_SLOT = "exercise_state"
READY_SLOT = "exercise_ready"
PAUSED_SLOT = "exercise_paused"
REPLY_SLOT = "exercise_reply"
MAX_SUGGESTIONS = 3
# Earlier messages searched for a need when "try an exercise" came from a button.
LOOK_BACK = 3

SOMETHING_ELSE = {"title": "Something else", "payload": "/browse_exercises"}
_SUGGESTED = (
    "Here are a few things you could try. You can pause or stop any of them at any time."
)
_THEMES = (
    "Here are the exercises I have, by theme. They're self-help, not treatment, "
    "and you can pause or stop any of them whenever you like."
)
_FOR_THEME = "For {label}:"
_NO_FAVOURITES = (
    "You haven't kept any favourites yet. At the end of an exercise, I'll ask if "
    "you'd like to keep it."
)
_FAVOURITES = "Your favourites:"
_NOT_FOUND = "I'm not sure which exercise you mean. Here's what there is:"
_NO_LAST = "I don't have a finished exercise to go back to yet. Here's what there is:"


def payload(intent: str, **entities: str) -> str:
    """A button payload: an intent with its entities as JSON."""
    return f"/{intent}{json.dumps(entities)}" if entities else f"/{intent}"


def start_button(exercise: Exercise) -> Dict[str, str]:
    return {
        "title": f"{exercise.title} ({exercise.minutes} min)",
        "payload": payload("start_exercise", exercise_id=exercise.id),
    }


def listing(exercises: Iterable[Exercise]) -> str:
    """One line each, so the person sees what each button is before tapping."""
    return "\n".join(f"- {e.title}: {e.summary}" for e in exercises)


def entity(tracker: Tracker, name: str) -> str | None:
    value = next(tracker.get_latest_entity_values(name), None)
    return value if isinstance(value, str) else None


def show_themes(dispatcher: CollectingDispatcher, tracker: Tracker, text: str = _THEMES) -> None:
    """The library by theme, with a way back to a paused run first."""
    buttons = []
    state = tracker.get_slot(STATE_SLOT)
    on_the_go = flow.exercise_of(state)
    if on_the_go and flow.is_resumable(state):
        buttons.append({"title": f"Carry on: {on_the_go.title}", "payload": "/exercise_resume"})
    buttons += [
        {"title": THEME_LABELS[tag], "payload": payload("browse_exercises", exercise_theme=tag)}
        for tag in library.themes()
    ]
    buttons.append({"title": "My favourites", "payload": "/show_favourite_exercises"})
    dispatcher.utter_message(text=text, buttons=buttons)


def offer(dispatcher: CollectingDispatcher, text: str, exercises: List[Exercise]) -> None:
    buttons = [start_button(exercise) for exercise in exercises] + [SOMETHING_ELSE]
    dispatcher.utter_message(text=f"{text}\n{listing(exercises)}", buttons=buttons)


def _recent_user_texts(tracker: Tracker) -> List[str]:
    texts = [
        event.get("text") or ""
        for event in reversed(tracker.events)
        if event.get("event") == "user"
    ]
    return [text for text in texts[:LOOK_BACK] if not text.startswith("/")]


class ActionBrowseExercises(Action):
    """The whole library by theme, or the exercises of one theme."""

    def name(self) -> str:
        return "action_browse_exercises"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        theme = entity(tracker, "exercise_theme")
        if theme not in THEME_LABELS:
            show_themes(dispatcher, tracker)
            return []
        found = list(library.by_tag(theme))
        buttons = [start_button(exercise) for exercise in found]
        buttons.append({"title": "Other themes", "payload": "/browse_exercises"})
        text = f"{_FOR_THEME.format(label=THEME_LABELS[theme].lower())}\n{listing(found)}"
        dispatcher.utter_message(text=text, buttons=buttons)
        return []


def _known(exercise_ids: Iterable[str]) -> List[Exercise]:
    """Exercises that still exist: one removed from the library is passed over."""
    found = []
    for exercise_id in exercise_ids:
        try:
            found.append(library.get(exercise_id))
        except KeyError:
            continue
    return found


class ActionShowFavouriteExercises(Action):
    def name(self) -> str:
        return "action_show_favourite_exercises"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        ids = await with_store(lambda store: records.favourites(store, tracker.sender_id))
        found = _known(ids)
        if not found:
            dispatcher.utter_message(
                text=_NO_FAVOURITES,
                buttons=[{"title": "Browse exercises", "payload": "/browse_exercises"}],
            )
            return []
        offer(dispatcher, _FAVOURITES, found)
        return []


def _last_exercise(person: str) -> Exercise | None:
    last = records.last_run(personal_store(), person)
    found = _known([last[0]]) if last else []
    return found[0] if found else None


def _for_a_need(tracker: Tracker) -> List[Exercise]:
    """A short choice for a need named by a theme button, this message, or, after a
    "try an exercise" button, what the person said just before."""
    theme = entity(tracker, "exercise_theme")
    if theme in THEME_LABELS:
        return suggest([theme], MAX_SUGGESTIONS)
    for said in _recent_user_texts(tracker):
        found = suggest(said, MAX_SUGGESTIONS)
        if found:
            return found
    return []


def introduce(dispatcher: CollectingDispatcher, exercise: Exercise) -> None:
    """Title, what it is, and where it comes from, before the first question."""
    dispatcher.utter_message(text=f"{exercise.title}\n{exercise.intro}")
    dispatcher.utter_message(
        text=f"It follows {exercise.source.name}: {exercise.source.url}"
    )


class ActionStartExercise(Action):
    """Start the exercise a button, a name or "the one I did yesterday" points at;
    for a need with no name, offer the few that fit it.

    Sets `exercise_ready` so the rules know whether the form takes over or the
    person was given a choice instead.
    """

    def __init__(self) -> None:
        # The action server builds each action once, when it starts: read the exercise
        # library then, in the background (about 0.3 s on a busy machine), so the first
        # person starting an exercise after a restart is not kept waiting for it.
        super().__init__()
        self.warming = threading.Thread(target=library.all_exercises, daemon=True,
                                        name="exercises-warm-up")
        self.warming.start()

    def name(self) -> str:
        return "action_start_exercise"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        person = tracker.sender_id
        wanted = entity(tracker, "exercise_id")
        exercise = _known([wanted])[0] if wanted and _known([wanted]) else None
        text = tracker.latest_message.get("text") or ""
        if exercise is None and not text.startswith("/"):
            exercise = named(text)
        repeat = (tracker.latest_message.get("intent") or {}).get("name") == "repeat_exercise"
        if exercise is None and repeat:
            exercise = await asyncio.to_thread(_last_exercise, person)
        if exercise is None and not repeat and not wanted:
            found = _for_a_need(tracker)
            if found:
                offer(dispatcher, _SUGGESTED, found)
            else:
                show_themes(dispatcher, tracker)
            return [SlotSet(READY_SLOT, False)]
        if exercise is None:
            show_themes(dispatcher, tracker, _NO_LAST if repeat else _NOT_FOUND)
            return [SlotSet(READY_SLOT, False)]
        favourites = await with_store(lambda store: records.favourites(store, person))
        state = flow.begin(exercise.id, uk_now(), is_favourite=exercise.id in favourites)
        introduce(dispatcher, exercise)
        return [
            SlotSet(STATE_SLOT, state), SlotSet(REPLY_SLOT, None),
            SlotSet(PAUSED_SLOT, False), SlotSet(READY_SLOT, True),
        ]


class ActionResumeExercise(Action):
    """Carry on a run where it was left (paused, or cut off); otherwise offer the library."""

    def name(self) -> str:
        return "action_resume_exercise"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        outcome = flow.resume(tracker.get_slot(STATE_SLOT), uk_now())
        if outcome is None:
            show_themes(dispatcher, tracker, "There's no exercise to carry on just now.")
            return [SlotSet(READY_SLOT, False), SlotSet(PAUSED_SLOT, False)]
        for text in outcome.said:
            dispatcher.utter_message(text=text)
        return [
            SlotSet(STATE_SLOT, outcome.state), SlotSet(REPLY_SLOT, None),
            SlotSet(PAUSED_SLOT, False), SlotSet(READY_SLOT, True),
        ]
