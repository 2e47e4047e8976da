"""Self-help exercises: the library, choosing one for a need, and running it step by step.

The domain modules (model, library, choosing, runner, ratings, and flow with
replies and screens for the conversation around a run) import nothing from
Rasa and are tested on their own; `actions/choose_exercise.py` and
`actions/run_exercise.py` are the thin actions over them. Errors, drawn once:

    ValueError
    ├── ExerciseError  a data/exercises file breaks the schema (names file and field)
    ├── StateError     a stored runner state cannot be carried on
    └── RatingError    a rating is not a whole number from 0 to 10 (message fit to show)

Importing does no work; the library is read on first use and kept.
"""

from exercises.choosing import need_tags, suggest
from exercises.library import (
    ExerciseError,
    all_exercises,
    by_tag,
    get,
    load_exercises,
    themes,
)
from exercises.model import TAGS, Exercise, Option, Pace, Source, Step
from exercises.ratings import (
    RATING_QUESTION,
    RatingError,
    parse_rating,
    reflect_change,
)
from exercises.runner import (
    Prompt,
    StateError,
    Timed,
    advance,
    current_prompt,
    pause,
    resume,
    set_rating,
    skip,
    start,
    stop,
)

__all__ = [
    "RATING_QUESTION", "TAGS", "Exercise", "ExerciseError", "Option", "Pace", "Prompt",
    "RatingError", "Source", "StateError", "Step", "Timed", "advance", "all_exercises",
    "by_tag", "current_prompt", "get", "load_exercises", "need_tags", "parse_rating",
    "pause", "reflect_change", "resume", "set_rating", "skip", "start", "stop", "suggest",
    "themes",
]
