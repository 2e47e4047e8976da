"""The exercise library, read from data/exercises/*.yml.

Content is written and reviewed as data, so a file that does not match the
schema must fail loudly, naming the file and the field, rather than reach a
person half-formed. Loading happens on first use, never at import, and once.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from exercises.model import (
    KINDS,
    MAX_TEXT_CHARS,
    MAX_TITLE_CHARS,
    TAGS,
    Exercise,
    Option,
    Pace,
    Source,
    Step,
)

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "data" / "exercises"

_SLUG = re.compile(r"^[a-z][a-z0-9_]*$")
_EXERCISE_KEYS = {
    "id", "title", "summary", "helps_with", "minutes", "source", "checked",
    "intro", "steps", "outro",
}
_STEP_KEYS = {
    "info": {"id", "kind", "text"},
    "timed": {"id", "kind", "text", "seconds", "pace"},
    "write": {"id", "kind", "text", "prompt_key"},
    "choice": {"id", "kind", "text", "options", "prompt_key"},
}


class ExerciseError(ValueError):
    """An exercise file cannot be trusted; the message names the file and the field."""


class _Reader:
    """Reads one file's fields, so every error carries the file and field path."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, field: str, problem: str) -> ExerciseError:
        return ExerciseError(f"{self.path.name}: {field}: {problem}")

    def mapping(self, value: Any, field: str, allowed: set[str], required: set[str]) -> dict:
        if not isinstance(value, dict):
            raise self.fail(field, "must be a mapping")
        unknown = sorted(set(value) - allowed)
        if unknown:
            raise self.fail(field, f"unknown field(s) {', '.join(map(str, unknown))}")
        missing = sorted(required - set(value))
        if missing:
            raise self.fail(field, f"missing field(s) {', '.join(missing)}")
        return value

    def text(self, value: Any, field: str, limit: int = MAX_TEXT_CHARS) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(field, "must be non-empty text")
        value = value.strip()
        if len(value) > limit:
            raise self.fail(field, f"is {len(value)} characters, more than {limit}")
        return value

    def slug(self, value: Any, field: str) -> str:
        if not isinstance(value, str) or not _SLUG.match(value):
            raise self.fail(field, "must be lower_case letters, digits and underscores")
        return value

    def whole(self, value: Any, field: str, low: int, high: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(field, f"must be a whole number from {low} to {high}")
        return value


def _read_pace(reader: _Reader, value: Any, field: str, seconds: int) -> Pace:
    raw = reader.mapping(value, field, {"in", "out", "rounds"}, {"in", "out", "rounds"})
    pace = Pace(
        breathe_in=reader.whole(raw["in"], f"{field}.in", 1, 20),
        breathe_out=reader.whole(raw["out"], f"{field}.out", 1, 20),
        rounds=reader.whole(raw["rounds"], f"{field}.rounds", 1, 200),
    )
    if (pace.breathe_in + pace.breathe_out) * pace.rounds > seconds:
        raise reader.fail(field, "takes longer than the step's seconds")
    return pace


def _read_options(reader: _Reader, value: Any, field: str) -> tuple[Option, ...]:
    if not isinstance(value, list) or len(value) < 2:
        raise reader.fail(field, "must list at least two options")
    options = []
    for number, item in enumerate(value):
        where = f"{field}[{number}]"
        raw = reader.mapping(item, where, {"value", "title", "next"}, {"value", "title"})
        options.append(Option(
            value=reader.slug(raw["value"], f"{where}.value"),
            title=reader.text(raw["title"], f"{where}.title", MAX_TITLE_CHARS),
            next=reader.slug(raw["next"], f"{where}.next") if "next" in raw else None,
        ))
    if len({option.value for option in options}) != len(options):
        raise reader.fail(field, "option values must be different")
    return tuple(options)


def _read_step(reader: _Reader, value: Any, field: str) -> Step:
    kind = value.get("kind") if isinstance(value, dict) else None
    if kind not in KINDS:
        raise reader.fail(f"{field}.kind", f"must be one of {', '.join(KINDS)}")
    required = {"id", "kind", "text"} | {
        "timed": {"seconds"}, "write": {"prompt_key"}, "choice": {"options"},
    }.get(kind, set())
    raw = reader.mapping(value, field, _STEP_KEYS[kind], required)
    seconds = pace = prompt_key = None
    options: tuple[Option, ...] = ()
    if "seconds" in raw:
        seconds = reader.whole(raw["seconds"], f"{field}.seconds", 5, 1800)
    if "pace" in raw:
        pace = _read_pace(reader, raw["pace"], f"{field}.pace", seconds or 0)
    if "prompt_key" in raw:
        prompt_key = reader.slug(raw["prompt_key"], f"{field}.prompt_key")
    if "options" in raw:
        options = _read_options(reader, raw["options"], f"{field}.options")
    return Step(
        id=reader.slug(raw["id"], f"{field}.id"),
        kind=kind,
        text=reader.text(raw["text"], f"{field}.text"),
        seconds=seconds,
        pace=pace,
        prompt_key=prompt_key,
        options=options,
    )


def _check_steps(reader: _Reader, steps: tuple[Step, ...]) -> None:
    """Ids and keys unique, and every jump goes forward, so every run ends."""
    ids = [step.id for step in steps]
    if len(set(ids)) != len(ids):
        raise reader.fail("steps", "step ids must be different")
    keys = [step.prompt_key for step in steps if step.prompt_key]
    if len(set(keys)) != len(keys):
        raise reader.fail("steps", "prompt_keys must be different")
    for index, step in enumerate(steps):
        for number, option in enumerate(step.options):
            if option.next is None:
                continue
            if option.next not in ids or ids.index(option.next) <= index:
                raise reader.fail(
                    f"steps[{index}].options[{number}].next", "must name a later step"
                )


def _read_source(reader: _Reader, value: Any) -> Source:
    raw = reader.mapping(value, "source", {"name", "url"}, {"name", "url"})
    url = reader.text(raw["url"], "source.url")
    if not url.startswith("https://"):
        raise reader.fail("source.url", "must be an https:// address")
    return Source(name=reader.text(raw["name"], "source.name"), url=url)


def _read_tags(reader: _Reader, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise reader.fail("helps_with", "must list at least one tag")
    for tag in value:
        if tag not in TAGS:
            raise reader.fail("helps_with", f"{tag!r} is not one of {', '.join(TAGS)}")
    if len(set(value)) != len(value):
        raise reader.fail("helps_with", "lists a tag twice")
    return tuple(value)


def read_exercise(path: Path) -> Exercise:
    """Load and check one file; the first problem found is raised."""
    reader = _Reader(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise reader.fail("yaml", str(error)) from error
    raw = reader.mapping(raw, "file", _EXERCISE_KEYS, _EXERCISE_KEYS)
    exercise_id = reader.slug(raw["id"], "id")
    if exercise_id != path.stem:
        raise reader.fail("id", f"must match the file name ({path.stem})")
    if not isinstance(raw["checked"], date):
        raise reader.fail("checked", "must be a date like 2026-11-23")
    if not isinstance(raw["steps"], list) or not raw["steps"]:
        raise reader.fail("steps", "must list at least one step")
    steps = tuple(_read_step(reader, item, f"steps[{n}]") for n, item in enumerate(raw["steps"]))
    _check_steps(reader, steps)
    summary = reader.text(raw["summary"], "summary", 200)
    if not summary.endswith(".") or re.search(r"[.!?]\s", summary):
        raise reader.fail("summary", "must be one sentence ending with a full stop")
    return Exercise(
        id=exercise_id,
        title=reader.text(raw["title"], "title", MAX_TITLE_CHARS),
        summary=summary,
        helps_with=_read_tags(reader, raw["helps_with"]),
        minutes=reader.whole(raw["minutes"], "minutes", 1, 60),
        source=_read_source(reader, raw["source"]),
        checked=raw["checked"],
        intro=reader.text(raw["intro"], "intro"),
        steps=steps,
        outro=reader.text(raw["outro"], "outro"),
    )


def load_exercises(directory: Path = DEFAULT_DIR) -> dict[str, Exercise]:
    """Every exercise in a directory, by id; tests point this at their own files."""
    paths = sorted(directory.glob("*.yml"))
    if not paths:
        raise ExerciseError(f"{directory}: no exercise files found")
    return {exercise.id: exercise for exercise in map(read_exercise, paths)}


@cache
def _library() -> dict[str, Exercise]:
    return load_exercises(DEFAULT_DIR)


def get(exercise_id: str) -> Exercise:
    """One exercise; KeyError for an id no file defines (say, a removed exercise)."""
    try:
        return _library()[exercise_id]
    except KeyError:
        raise KeyError(f"no exercise called {exercise_id!r}") from None


def all_exercises() -> tuple[Exercise, ...]:
    """Every exercise, shortest first, so a browsing list opens with the easiest."""
    return tuple(sorted(_library().values(), key=lambda e: (e.minutes, e.title)))


def by_tag(tag: str) -> tuple[Exercise, ...]:
    """Exercises for one need, those made mainly for it first."""
    if tag not in TAGS:
        raise ValueError(f"{tag!r} is not one of {', '.join(TAGS)}")
    found = [exercise for exercise in all_exercises() if tag in exercise.helps_with]
    return tuple(sorted(found, key=lambda e: e.helps_with.index(tag)))


def themes() -> dict[str, tuple[Exercise, ...]]:
    """Tag to exercises, in vocabulary order, leaving out tags with none."""
    return {tag: found for tag in TAGS if (found := by_tag(tag))}
