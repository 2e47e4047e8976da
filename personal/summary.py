"""The appointment summary: what the person chose, from what they kept, on one page.

The person picks the parts (their staying-well plan; their mood and the outcome
statements since a date they pick; the exercises they did and which eased things;
the notes they wrote) and gets one PDF page, sent to them only. This module
reads the answers, gathers and filters the records; `personal.summary_pdf`
lays out the page. Nothing is added that the person did not keep and choose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from store import checkins as checkin_records
from store import exercises as exercise_records
from store import plans

if TYPE_CHECKING:
    from store.db import PersonalStore


@dataclass(frozen=True)
class Part:
    id: str
    label: str  # the button, and the heading on the page
    words: tuple[str, ...]  # what a person might type for it
    dated: bool  # whether "since when" applies


PARTS: tuple[Part, ...] = (
    Part("plan", "Staying-well plan", ("plan", "staying well", "staying-well", "wrap"), False),
    Part("mood", "Mood and statements",
         ("mood", "check in", "check-in", "checkin", "statement", "rated", "trend", "chart",
          "how i've been", "how ive been", "feeling"), True),
    Part("exercises", "Exercises", ("exercise", "breathing", "what helped", "helped"), True),
    Part("notes", "My notes", ("note", "wrote", "written", "writing"), False),
)
BY_ID = {part.id: part for part in PARTS}
DONE, EVERYTHING = "done", "all"
_DONE_WORDS = ("done", "that's all", "thats all", "that's it", "thats it", "make it",
               "finished", "ready", "that'll do", "thatll do", "nae mair", "no more")
_ALL_WORDS = ("everything", "all of it", "all of them", "the lot", "aw of it")


@dataclass(frozen=True)
class Since:
    id: str
    label: str
    days: int | None  # None: since the first thing kept
    words: tuple[str, ...]


SINCE: tuple[Since, ...] = (
    Since("2w", "Last 2 weeks", 14, ("2 weeks", "two weeks", "fortnight", "2 week")),
    Since("1m", "Last month", 31, ("month", "4 weeks", "four weeks")),
    Since("3m", "Last 3 months", 92, ("3 months", "three months", "quarter")),
    Since("all", "Since I started", None,
          ("started", "beginning", "start", "always", "all", "everything", "ever")),
)
SINCE_BY_ID = {since.id: since for since in SINCE}

ASK_PARTS = ("Let's make a one-page summary you can take to your appointment. It's yours: "
             "I send it only to you, and nobody else gets a copy.\n\nWhat would you like in "
             "it? Tap each thing you want, then \"Make my summary\".")
ASK_MORE = "Anything else? Tap another, or \"Make my summary\" when you're ready."
PICK_ONE = "Pick at least one thing to put in it, or say stop if you'd rather not."
ASK_SINCE = "From when? The page shows your check-ins and exercises from then on."
NOT_UNDERSTOOD_SINCE = "Tap one of these, or say stop if you'd rather not."
NOTHING_KEPT = ("There's nothing kept about you yet for those parts, so I haven't made a page: "
                "I only put in what you've chosen to keep. Once you've written a plan, done a "
                "check-in or an exercise, I can make one whenever you like.")
CAPTION = ("Your summary for your appointment. It's yours: I've sent it only to you, and "
           "nobody else gets a copy.")


@dataclass(frozen=True)
class Kept:
    """What the person kept, as the stores give it back (times in UTC)."""

    plan: dict[str, str] = field(default_factory=dict)
    moods: list[tuple[datetime, int, str | None]] = field(default_factory=list)
    outcomes: list[tuple[datetime, str, int]] = field(default_factory=list)
    runs: list[tuple[str, datetime, int | None, int | None]] = field(default_factory=list)
    favourites: list[str] = field(default_factory=list)
    notes: list[tuple[str, str, str, datetime]] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.plan or self.moods or self.outcomes or self.runs or self.notes)


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s'-]", " ", text.lower()).split())


def _says(plain: str, words: tuple[str, ...]) -> bool:
    """Whether any of `words` starts a word in `plain` ("exercise" in "exercises", not
    "ever" in "whenever")."""
    return any(re.search(rf"(?<![\w']){re.escape(word)}", plain) for word in words)


def read_choice(text: str | None, entity: str | None = None) -> str | None:
    """A part id, EVERYTHING or DONE from a button or typed words; None if it names none."""
    if entity in BY_ID or entity in (DONE, EVERYTHING):
        return entity
    plain = _plain(text or "")
    if not plain:
        return None
    if _says(plain, _DONE_WORDS):
        return DONE
    if _says(plain, _ALL_WORDS):
        return EVERYTHING
    found = [part.id for part in PARTS if _says(plain, part.words)]
    return found[0] if len(found) == 1 else None


def toggle(chosen: list[str] | None, choice: str) -> list[str]:
    """The parts after one tap: a part in or out again; "everything" puts all in."""
    current = [p for p in (chosen or []) if p in BY_ID]
    if choice == EVERYTHING:
        return [part.id for part in PARTS]
    if choice in current:
        return [p for p in current if p != choice]
    return [part.id for part in PARTS if part.id in current or part.id == choice]


def needs_since(chosen: list[str] | None) -> bool:
    return any(BY_ID[p].dated for p in chosen or [] if p in BY_ID)


def read_since(text: str | None, entity: str | None = None) -> str | None:
    """A SINCE id from a button or typed words ("last month", "the past fortnight")."""
    if entity in SINCE_BY_ID:
        return entity
    plain = _plain(text or "")
    for since_id in ("3m", "2w", "1m", "all"):  # "3 months" before "month"
        since = SINCE_BY_ID[since_id]
        if _says(plain, since.words) and not (
                since.id == "all" and re.search(r"\d|week|month|fortnight", plain)):
            return since.id
    return None


def since_moment(since_id: str | None, now: datetime) -> datetime | None:
    """The start of the chosen span; None for "since I started" (or no span)."""
    since = SINCE_BY_ID.get(since_id or "")
    if since is None or since.days is None:
        return None
    return now - timedelta(days=since.days)


def gather(store: PersonalStore, person: str) -> Kept:
    """Everything the summary could use, read once."""
    as_utc = checkin_records.as_utc
    return Kept(
        plan=plans.plan_sections(store, person),
        moods=checkin_records.moods(store, person),
        outcomes=checkin_records.outcomes(store, person),
        runs=[(e, as_utc(at), b, a) for e, at, b, a in exercise_records.runs(store, person)],
        favourites=exercise_records.favourites(store, person),
        notes=[(e, s, t, as_utc(at)) for e, s, t, at in exercise_records.notes(store, person)],
    )


def chosen_only(kept: Kept, chosen: list[str], since: datetime | None) -> Kept:
    """Only the parts chosen, dated records from `since` on (all of them if None)."""
    def recent(moment: datetime) -> bool:
        return since is None or moment >= since

    parts = set(chosen)
    return replace(
        kept,
        plan=dict(kept.plan) if "plan" in parts else {},
        moods=[m for m in kept.moods if recent(m[0])] if "mood" in parts else [],
        outcomes=[o for o in kept.outcomes if recent(o[0])] if "mood" in parts else [],
        runs=[r for r in kept.runs if recent(r[1])] if "exercises" in parts else [],
        favourites=list(kept.favourites) if "exercises" in parts else [],
        notes=list(kept.notes) if "notes" in parts else [],
    )


@dataclass(frozen=True)
class ExerciseLine:
    exercise_id: str
    times: int
    eased: int  # runs rated lower after than before: the feeling eased
    rated: int  # runs with both ratings
    favourite: bool


def exercise_lines(kept: Kept) -> list[ExerciseLine]:
    """Per exercise, most done first: how often, and how often the feeling eased."""
    lines: dict[str, list] = {}
    for exercise_id, _, before, after in kept.runs:
        entry = lines.setdefault(exercise_id, [0, 0, 0])
        entry[0] += 1
        if before is not None and after is not None:
            entry[2] += 1
            entry[1] += after < before
    ordered = sorted(lines.items(), key=lambda item: -item[1][0])
    return [ExerciseLine(e, t, eased, rated, e in kept.favourites)
            for e, (t, eased, rated) in ordered]
