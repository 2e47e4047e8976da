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

# Ranking points. The orders of magnitude are the ranking's rules: local beats national
# whatever else (LOCAL), and made-for-this-topic beats general support (SPECIFIC); the
# smaller weights only order services within those tiers.
LOCAL = 1000.0
SPECIFIC = 100.0
MAIN_TOPIC = 40  # the asked-for topic is the service's first topic: made mainly for it
SECOND_TOPIC = 15  # ... or its second
PER_OTHER_TOPIC = -2  # the more topics a service covers, the less focused it is
PER_PRIORITY_STEP = 10  # the entry's own priority, -5 to 5, set by the directory's editors
FOR_FAMILY = 40  # a families service when the person asks for their family
NOT_FOR_FAMILY = -25  # ... and when they do not
MENS_GROUP = 30  # a service for men when someone asks for men's groups
RESTRICTED_AUDIENCE = -50  # e.g. under-19s only, when the topic is not young people
PREFERRED_KIND = 20  # the kind the person prefers (a group, a helpline, ...)
OPEN_NOW = 5  # a tie-breaker: open now before opening later


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
        score = LOCAL * local + SPECIFIC * specific
        if specific:
            score += MAIN_TOPIC * (service.topics[0] in wanted)
            score += SECOND_TOPIC * (service.topics[1:2] in [[t] for t in wanted])
            score += PER_OTHER_TOPIC * len(service.topics)
        score += PER_PRIORITY_STEP * service.priority
        if "families" in service.audience:
            score += FOR_FAMILY if query.for_family else NOT_FOR_FAMILY
        if "mens_groups" in wanted and "men" in service.audience:
            score += MENS_GROUP
        for audience, topic in _RESTRICTED.items():
            if audience in service.audience and topic not in wanted:
                score += RESTRICTED_AUDIENCE
        if service.kind in query.prefer_kinds:
            score += PREFERRED_KIND
        if service.hours.known and schedules.is_open(service, at):
            score += OPEN_NOW
        scored.append((-score, service.name, Match(service, local, specific)))
    scored.sort(key=lambda item: (item[0], item[1]))
    return [match for _, _, match in scored]
