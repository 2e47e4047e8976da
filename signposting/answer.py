"""From the support_* slots to a page of results: the one call the actions make.

It builds the search query from what the person said, asks ALISS when it is
switched on and the place has a postcode district (falling back to the local
directory when ALISS is slow or down), and renders the page asked for.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from functools import cache
from typing import Any

from signposting.aliss import ATTRIBUTION, AlissClient, AlissSettings
from signposting.directory import load_directory
from signposting.model import Directory, Organisation
from signposting.places import ONLINE, PHONE, Place, gazetteer, place_from_key
from signposting.render import Page, render_page
from signposting.search import Query, search
from signposting.turns import FAMILY, KIND, MODE, PLACE, TOPIC, WHEN
from signposting.understanding import GENERAL

STRICT_SUFFIX = "_only"


def query_from_slots(slots: dict[str, Any]) -> tuple[Query, Place | None]:
    topics = tuple(t for t in str(slots.get(TOPIC) or "").split(",") if t) or (GENERAL,)
    place = place_from_key(slots.get(PLACE))
    modes: tuple[str, ...] = (slots[MODE],) if slots.get(MODE) else ()
    if place is not None and place.kind in (ONLINE, PHONE) and not modes:
        modes = ("online",) if place.kind == ONLINE else ("phone",)
    kind = str(slots.get(KIND) or "")
    strict = kind.endswith(STRICT_SUFFIX)
    kind = kind.removesuffix(STRICT_SUFFIX)
    query = Query(
        topics=topics,
        areas=place.areas if place else (),
        kinds=(kind,) if strict and kind else (),
        prefer_kinds=(kind,) if kind and not strict else (),
        modes=modes,
        when=slots.get(WHEN) if slots.get(WHEN) in ("now", "tonight") else None,
        for_family=bool(slots.get(FAMILY)),
    )
    return query, place


def answer(slots: dict[str, Any], page: int, at: datetime,
           aliss: AlissClient | None = None) -> Page:
    """Page `page` of the results for what the slots say."""
    query, place = query_from_slots(slots)
    directory = load_directory()
    live = _ask_aliss(aliss, query, place, directory)
    if live:
        directory = replace(directory, organisations=(live, *directory.organisations))
    results = search(directory, query, at)
    topic = query.topics[0]
    label = None if topic == GENERAL else directory.topics[topic].label
    shown_aliss = any(m.service.verified == "aliss" for m in
                      results.matches[page * 3:page * 3 + 3])
    return render_page(results, page, at, label, _place_label(place),
                       ATTRIBUTION if shown_aliss else None)


def _ask_aliss(client: AlissClient | None, query: Query, place: Place | None,
               directory: Directory) -> Organisation | None:
    if client is None or place is None or not place.areas:
        return None
    district = place.district or _main_district(place.areas[0])
    topic = query.topics[0]
    term = "mental health" if topic == GENERAL else directory.topics[topic].label
    services = client.search(term, district or "", None if topic == GENERAL else topic)
    if not services:
        return None
    return Organisation("aliss", "ALISS", "https://www.aliss.org", services)


def _main_district(area: str) -> str | None:
    """The postcode district of the first listed town in an area (its main town)."""
    return next((t.district for t in gazetteer().towns.values() if t.area == area and t.district),
                None)


def _place_label(place: Place | None) -> str | None:
    if place is None or not place.areas:
        return None
    return place.label


@cache
def aliss_client() -> AlissClient | None:
    """The ALISS client when ALISS_ENABLED=1, built once; None when it is off."""
    settings = AlissSettings.from_env()
    return AlissClient(settings) if settings.enabled else None
