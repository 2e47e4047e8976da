"""The shape of a pathway: a start code, a welcome, exercises and a search preset."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# Telegram's deep-link start parameter: 1 to 64 of A-Z, a-z, 0-9, _ and -.
CODE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def is_code(value: object) -> bool:
    """True if `value` could be a Telegram start parameter (says nothing of whether it is known)."""
    return isinstance(value, str) and CODE.fullmatch(value) is not None


@dataclass(frozen=True)
class SearchPreset:
    """Where a group or service search starts. Empty fields mean "ask" or "any"."""

    topics: tuple[str, ...]
    area: str | None = None  # a council area id from data/places/areas.yml
    kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class ServiceContact:
    """The recommending service's own contact: shown beside the crisis contacts, never instead."""

    name: str
    hours: str  # as the service publishes them, in words
    source: str
    checked: date
    phone: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Pathway:
    code: str
    title: str
    welcome: str
    exercises: tuple[str, ...]
    search: SearchPreset
    source: str
    checked: date
    group: str | None = None  # a service id in data/resources
    contact: ServiceContact | None = None
