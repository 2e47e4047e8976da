"""What a message asks for: topics, place, kind, mode, when, and for whom.

Topics and filters are phrases in data/resources/topics.yml, matched by a spaCy
PhraseMatcher on lower-case words of a blank English pipeline, so "my husband
drinks too much" reads as alcohol, for a family member, and "AA meetings
Glasgow" as alcohol, groups, Glasgow. Nothing here is learned: the same words
always give the same reading, and every phrase can be reviewed as data.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from signposting import nlp
from signposting.directory import DEFAULT_DIR, TOPICS_FILE, load_directory
from signposting.places import ONLINE, PHONE, Place, gazetteer, read_place

GENERAL = "general"


@dataclass(frozen=True)
class Request:
    """One message's reading. Empty fields mean the message did not say."""

    topics: tuple[str, ...] = ()
    place: Place | None = None
    kinds: tuple[str, ...] = ()
    modes: tuple[str, ...] = ()
    when: str | None = None  # "now" or "tonight"
    for_family: bool = False


class Reader:
    """The topic and filter matchers, built once from the taxonomy file."""

    def __init__(self) -> None:
        raw = yaml.safe_load((DEFAULT_DIR / TOPICS_FILE).read_text(encoding="utf-8"))
        directory = load_directory()
        phrases: dict[str, list[str]] = {
            f"topic:{topic.id}": list(topic.phrases) for topic in directory.topics.values()
        }
        for group in ("kinds", "modes", "when"):
            for value, words in raw["filters"][group].items():
                phrases[f"{group}:{value}"] = [str(w) for w in words]
        self._matcher = nlp.phrase_matcher(phrases)
        self._family = directory.family_words
        self._family_topics = frozenset(raw.get("family_topics", ()))

    def read(self, text: str, located_town: str | None = None) -> Request:
        doc = nlp.blank_english().make_doc(text)
        found: dict[str, list[str]] = {"topic": [], "kinds": [], "modes": [], "when": []}
        for labels, _, _ in nlp.longest_matches(self._matcher, doc):
            for label in labels:
                group, _, value = label.partition(":")
                if value not in found[group]:
                    found[group].append(value)
        topics = found["topic"]
        if len(topics) > 1 and GENERAL in topics:
            topics.remove(GENERAL)
        place = read_place(text, located_town)
        modes = found["modes"]
        if place is not None and place.kind in (ONLINE, PHONE) and place.kind not in modes:
            modes.append("online" if place.kind == ONLINE else "phone")
        words = {t.lower_ for t in doc}
        when = "tonight" if "tonight" in found["when"] else ("now" if found["when"] else None)
        for_family = bool(words & self._family) and bool(self._family_topics & set(topics))
        return Request(tuple(topics), place, tuple(found["kinds"]), tuple(modes), when,
                       for_family)


_building = threading.Lock()


@cache
def _reader() -> Reader:
    return Reader()


def reader() -> Reader:
    """The matchers, built once; a lock keeps a warm-up and a first request from both building."""
    with _building:
        return _reader()


def warm_up() -> threading.Thread:
    """Build the matchers in the background, so the first person asking is not kept waiting.

    Importing spaCy takes several seconds on a busy machine, longer than the front end
    waits for an answer; the action server calls this when it registers the actions.
    """
    thread = threading.Thread(target=read_request, args=("carers in Fife",), daemon=True,
                              name="signposting-warm-up")
    thread.start()
    return thread


def read_request(text: Any, located_town: str | None = None) -> Request:
    """The reading of `text`; an empty Request for anything that is not text."""
    if not isinstance(text, str) or not text.strip() or text.startswith("/"):
        return Request()
    matcher = reader()
    with _building:
        gazetteer()
    return matcher.read(text, located_town)
