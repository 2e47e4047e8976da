"""Search the directory: by topic, area, kind, mode and time, ranked, never empty.

Plain functions over the loaded directory, with the moment passed in. Ranking
puts local services for the person's area first, then those made for what
they asked about, then general support anyone can use (Samaritans, Breathing
Space). When the filters leave nothing, they are relaxed one at a time (time,
kind, mode, topic) and the result says which, so the answer can say so plainly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from signposting import schedules
from signposting.model import Directory, Service
from signposting.understanding import GENERAL

# Audiences a service is limited to: they rank lower unless the topic is theirs.
_RESTRICTED = {"under_19": "young_people"}
# Filters dropped, in this order, until something fits.
RELAX_ORDER = ("when", "kinds", "modes", "topics")


@dataclass(frozen=True)
class Query:
    """What to look for. Empty fields mean "any"."""

    topics: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    modes: tuple[str, ...] = ()
    when: str | None = None  # "now" or "tonight"
    for_family: bool = False
    prefer_kinds: tuple[str, ...] = ()  # ranked first, not a filter ("a group for carers")


@dataclass(frozen=True)
class Match:
    service: Service
    local: bool
    specific: bool


@dataclass(frozen=True)
class Results:
    """Ranked matches, with what had to be relaxed to find them."""

    query: Query
    matches: tuple[Match, ...]
    relaxed: tuple[str, ...] = field(default=())

    @property
    def local_found(self) -> bool:
        return any(m.local for m in self.matches)


def search(directory: Directory, query: Query, at: datetime) -> Results:
    """Every fitting service, best first; relaxes filters rather than answer with nothing."""
    relaxed: list[str] = []
    current = query
    while True:
        matches = _ranked(directory, current, at)
        if matches:
            return Results(query, tuple(matches), tuple(relaxed))
        step = next((name for name in RELAX_ORDER if getattr(current, name)), None)
        if step is None:  # cannot happen with a directory that has general support
            return Results(query, (), tuple(relaxed))
        relaxed.append(step)
        current = _without(current, step)


def _without(query: Query, name: str) -> Query:
    values = {f: getattr(query, f) for f in Query.__dataclass_fields__}
    values[name] = None if name == "when" else ()
    return Query(**values)


def _ranked(directory: Directory, query: Query, at: datetime) -> list[Match]:
    wanted = set(query.topics) - {GENERAL}
    scored: list[tuple[float, str, Match]] = []
    for service in directory.services:
        if query.areas and not service.covers(query.areas):
            continue
        if not query.areas and service.is_local:
            continue  # someone with no place given gets what covers all of Scotland
        if query.kinds and service.kind not in query.kinds:
            continue
        if query.modes and not set(query.modes) & set(service.modes):
            continue
        if query.when == "now" and not (service.hours.known and schedules.is_open(service, at)):
            continue
        if query.when == "tonight" and not (
            service.hours.known and schedules.open_tonight(service, at)
        ):
            continue
        topics = set(service.topics)
        specific = bool(wanted & topics)
        if wanted and not specific and GENERAL not in topics:
            continue
        if not wanted and GENERAL not in topics and query.topics:
            continue
        local = service.is_local
        score = 1000.0 * local + 100.0 * specific
        if specific:
            # Made mainly for this (named first, or second), and the more focused the better.
            score += 40 * (service.topics[0] in wanted) + 15 * (service.topics[1:2] in
                                                                [[t] for t in wanted])
            score -= 2 * len(service.topics)
        score += 10 * service.priority
        if "families" in service.audience:
            score += 40 if query.for_family else -25
        if "mens_groups" in wanted and "men" in service.audience:
            score += 30
        for audience, topic in _RESTRICTED.items():
            if audience in service.audience and topic not in wanted:
                score -= 50
        if service.kind in query.prefer_kinds:
            score += 20
        if service.hours.known and schedules.is_open(service, at):
            score += 5
        scored.append((-score, service.name, Match(service, local, specific)))
    scored.sort(key=lambda item: (item[0], item[1]))
    return [match for _, _, match in scored]
