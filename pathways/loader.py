"""Pathways read from data/pathways/*.yml, checked on load, looked up by start code.

A pathway names exercises, topics, places and groups that other data defines, so
each name is checked against that data: a pathway that points at nothing fails
loudly, naming the file, instead of reaching a person as a dead end. Loading
happens on first use, never at import, and once per folder.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from common.fields import Fields
from pathways.model import Pathway, SearchPreset, ServiceContact, is_code

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT / "data" / "pathways"
EXERCISES_DIR = ROOT / "data" / "exercises"

_REQUIRED = {"code", "title", "welcome", "exercises", "search", "source", "checked"}
_OPTIONAL = {"group", "contact"}
_SEARCH = {"topics", "area", "kinds"}
_CONTACT_REQUIRED = {"name", "hours", "source", "checked"}
_CONTACT_OPTIONAL = {"phone", "url"}
_PHONE = re.compile(r"^[0-9][0-9 ]{2,14}$")
_URL = re.compile(r"^https://[^\s/]+\.[^\s]+$")
# Long enough to say who suggested it and why; short enough to read on a phone.
WELCOME_MAX_CHARS = 300


class PathwayError(ValueError):
    """A pathway file cannot be trusted; the message names the file and the field."""


_fields = Fields(PathwayError)


def lookup(code: object, folder: str | Path | None = None) -> Pathway | None:
    """The pathway for a /start parameter; None if it is malformed or unknown.

    Never raises for what a person's link carries: anything that is not a known
    code falls back to the ordinary welcome.
    """
    if not is_code(code):
        return None
    return load_pathways(folder).get(code)


def load_pathways(folder: str | Path | None = None) -> dict[str, Pathway]:
    """Every pathway in `folder` (default: the repository's), by code, read once per folder."""
    return _load(str(Path(folder).resolve() if folder is not None else DEFAULT_DIR))


def exercise_ids(folder: Path = EXERCISES_DIR) -> frozenset[str]:
    """The ids of the exercises in data/exercises (read from the files, not the runner)."""
    ids = set()
    for file in folder.glob("*.yml"):
        raw = yaml.safe_load(file.read_text(encoding="utf-8"))
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            ids.add(raw["id"])
    return frozenset(ids)


@cache
def _load(folder: str) -> dict[str, Pathway]:
    vocabulary = _Vocabulary.from_data()
    pathways: dict[str, Pathway] = {}
    folded: dict[str, str] = {}
    for file in sorted(Path(folder).glob("*.yml")):
        pathway = _pathway(_read(file), vocabulary, file.name)
        if file.stem != pathway.code:
            raise PathwayError(f"{file.name}: name the file after its code ({pathway.code}.yml)")
        clash = folded.get(pathway.code.lower())
        if clash is not None:
            raise PathwayError(f"{file.name}: code {pathway.code!r} repeats {clash!r}")
        folded[pathway.code.lower()] = pathway.code
        pathways[pathway.code] = pathway
    return pathways


class _Vocabulary:
    """The names a pathway may use, each from the data that defines it."""

    def __init__(self, exercises, topics, areas, kinds, services) -> None:
        self.exercises, self.topics, self.areas = exercises, topics, areas
        self.kinds, self.services = kinds, services

    @classmethod
    def from_data(cls) -> _Vocabulary:
        from signposting.directory import council_area_ids, load_directory
        from signposting.model import KINDS

        directory = load_directory()
        return cls(
            exercises=exercise_ids(),
            topics=frozenset(directory.topics),
            areas=council_area_ids(),
            kinds=frozenset(KINDS),
            services=frozenset(s.id for s in directory.services),
        )


def _read(file: Path) -> Any:
    try:
        return yaml.safe_load(file.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PathwayError(f"{file.name}: cannot read: {exc}") from exc


def _pathway(raw: Any, vocabulary: _Vocabulary, where: str) -> Pathway:
    _fields.keys(raw, _REQUIRED, _OPTIONAL, where)
    code = raw["code"]
    if not is_code(code):
        raise PathwayError(f"{where}: code must be 1 to 64 of A-Z a-z 0-9 _ - (Telegram's rule)")
    welcome = _fields.text(raw, "welcome", where).strip()
    if len(welcome) > WELCOME_MAX_CHARS:
        raise PathwayError(f"{where}: welcome is over {WELCOME_MAX_CHARS} characters")
    exercises = _names(raw, "exercises", vocabulary.exercises, where, "data/exercises")
    if not exercises:
        raise PathwayError(f"{where}: suggest at least one exercise")
    group = raw.get("group")
    if group is not None and group not in vocabulary.services:
        raise PathwayError(f"{where}: group {group!r} is not a service in data/resources")
    contact = raw.get("contact")
    return Pathway(
        code=code,
        title=_fields.text(raw, "title", where).strip(),
        welcome=" ".join(welcome.split()),
        exercises=exercises,
        search=_search(raw["search"], vocabulary, where),
        source=_fields.text(raw, "source", where),
        checked=_fields.checked(raw["checked"], where),
        group=group,
        contact=None if contact is None else _contact(contact, f"{where}: contact"),
    )


def _search(raw: Any, vocabulary: _Vocabulary, where: str) -> SearchPreset:
    where = f"{where}: search"
    _fields.keys(raw, {"topics"}, _SEARCH - {"topics"}, where)
    topics = _names(raw, "topics", vocabulary.topics, where, "data/resources/topics.yml")
    if not topics:
        raise PathwayError(f"{where}: name at least one topic")
    area = raw.get("area")
    if area is not None and area not in vocabulary.areas:
        raise PathwayError(f"{where}: area {area!r} is not a council area in data/places/areas.yml")
    kinds = ()
    if "kinds" in raw:
        kinds = _names(raw, "kinds", vocabulary.kinds, where, "signposting.model.KINDS")
    return SearchPreset(topics=topics, area=area, kinds=kinds)


def _contact(raw: Any, where: str) -> ServiceContact:
    _fields.keys(raw, _CONTACT_REQUIRED, _CONTACT_OPTIONAL, where)
    phone, url = raw.get("phone"), raw.get("url")
    if phone is None and url is None:
        raise PathwayError(f"{where}: give a phone number or a web address")
    if phone is not None and not (isinstance(phone, str) and _PHONE.match(phone)):
        raise PathwayError(f"{where}: phone must be digits and spaces, quoted")
    if url is not None and not (isinstance(url, str) and _URL.match(url)):
        raise PathwayError(f"{where}: url must be an https:// address")
    return ServiceContact(
        name=_fields.text(raw, "name", where),
        hours=_fields.text(raw, "hours", where),
        source=_fields.text(raw, "source", where),
        checked=_fields.checked(raw["checked"], where),
        phone=phone,
        url=url,
    )


def _names(
    raw: dict, key: str, known: frozenset[str], where: str, defined_in: str
) -> tuple[str, ...]:
    values = raw.get(key)
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise PathwayError(f"{where}: {key!r} must be a list of ids")
    if len(set(values)) != len(values):
        raise PathwayError(f"{where}: {key!r} repeats an id")
    unknown = sorted(set(values) - known)
    if unknown:
        raise PathwayError(f"{where}: {key} {unknown} not found in {defined_in}")
    return tuple(values)
