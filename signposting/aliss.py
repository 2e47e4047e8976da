"""ALISS as a live source: local services by topic and postcode district.

ALISS (A Local Information System for Scotland, run by the Health and Social
Care Alliance Scotland) publishes its directory under CC BY 4.0, so every
answer that uses it shows the attribution line. The adapter is off unless
`ALISS_ENABLED=1`. It asks `GET {ALISS_URL}/v5/services/?q=&postcode=&page_size=`,
maps each record into the directory's model (`verified: aliss`, its `aliss_url`
as source and `last_updated` as the check date; ALISS publishes no opening
hours, so none are claimed), and keeps each answer for a day. Anything slow
(over `ALISS_TIMEOUT_SECONDS`, 2 by default) or broken returns None, and the
caller answers from the local directory instead.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Callable

from signposting.importer import phone_number, shorten, slug, topics_from
from signposting.model import Location, Phone, Service
from signposting.places import read_place

ATTRIBUTION = "Information from ALISS (aliss.org), CC BY 4.0."
CACHE_SECONDS = 24 * 60 * 60
DEFAULT_URL = "https://api.aliss.org"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AlissSettings:
    enabled: bool = False
    url: str = DEFAULT_URL
    timeout: float = 2.0
    page_size: int = 10

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> AlissSettings:
        env = dict(os.environ if env is None else env)
        return cls(
            enabled=env.get("ALISS_ENABLED", "") == "1",
            url=env.get("ALISS_URL", DEFAULT_URL).rstrip("/"),
            timeout=float(env.get("ALISS_TIMEOUT_SECONDS", "2")),
            page_size=min(100, int(env.get("ALISS_PAGE_SIZE", "10"))),
        )


class AlissClient:
    """Asks ALISS, maps and caches its answers; never raises to the caller."""

    def __init__(self, settings: AlissSettings, clock: Callable[[], float] = time.monotonic,
                 transport: Any = None) -> None:
        self.settings = settings
        self._clock = clock
        self._transport = transport
        self._cache: dict[tuple[str, str], tuple[float, tuple[Service, ...]]] = {}

    def search(self, query: str, district: str, topic: str | None = None
               ) -> tuple[Service, ...] | None:
        """Services ALISS lists for `query` near `district`; None when it cannot answer."""
        if not self.settings.enabled or not district:
            return None
        key = (query.lower(), district.upper())
        cached = self._cache.get(key)
        if cached and self._clock() - cached[0] < CACHE_SECONDS:
            return cached[1]
        records = self._fetch(query, district)
        if records is None:
            return None
        services = tuple(s for s in (to_service(r, topic) for r in records) if s)
        self._cache[key] = (self._clock(), services)
        return services

    def _fetch(self, query: str, district: str) -> list[dict] | None:
        import httpx  # imported here: the adapter is off by default

        params = {"q": query, "postcode": district, "page_size": self.settings.page_size}
        try:
            with httpx.Client(timeout=self.settings.timeout, transport=self._transport) as client:
                response = client.get(f"{self.settings.url}/v5/services/", params=params)
                response.raise_for_status()
                body = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            log.warning("ALISS unavailable, using the local directory: %s", type(exc).__name__)
            return None
        records = body.get("data", body.get("results")) if isinstance(body, dict) else body
        return [r for r in records if isinstance(r, dict)] if isinstance(records, list) else None


def to_service(record: dict, topic: str | None = None) -> Service | None:
    """One ALISS service in the directory's model, or None if it lacks a name or id."""
    if not record.get("id") or not record.get("name"):
        return None
    organisation = record.get("organisation") or {}
    categories = [c.get("name", "") for c in record.get("categories") or () if isinstance(c, dict)]
    topics = [t for t in topics_from([record["name"], *categories]) if t != "general"]
    if topic and topic not in topics:
        topics.insert(0, topic)
    locations = [loc for loc in record.get("locations") or () if isinstance(loc, dict)]
    areas: list[str] = []
    for loc in locations:
        for text in (loc.get("postal_code"), loc.get("locality")):
            place = read_place(text) if text else None
            if place and place.areas and len(place.areas) == 1 and place.areas[0] not in areas:
                areas.append(place.areas[0])
    number = phone_number(record.get("phone"))
    phones = (number,) if number else ()
    url = record.get("url") or record.get("aliss_url")
    modes = (["in_person"] if locations else []) + (["phone"] if phones else [])
    modes += ["online"] if url or not modes else []
    text = f"{record['name']} {' '.join(categories)}".lower()
    return Service(
        id=slug(record["id"], "aliss_"),
        name=record["name"],
        organisation=organisation.get("name") or record["name"],
        kind="group" if "group" in text else "local_service",
        description=shorten(record.get("description") or record["name"]),
        topics=tuple(topics or ["general"]),
        modes=tuple(modes),
        service_area=tuple(areas) if areas else "scotland",
        url=url if isinstance(url, str) and url.startswith("http") else None,
        source=record.get("aliss_url") or "https://www.aliss.org",
        checked=_date(record.get("last_updated")),
        verified="aliss",
        phones=tuple(Phone(n) for n in phones),
        email=record.get("email") or None,
        locations=tuple(Location(loc.get("locality") or loc.get("formatted_address") or "",
                                 areas[0], loc.get("locality"),
                                 (loc.get("postal_code") or "").split(" ")[0] or None)
                        for loc in locations[:2] if areas),
        attribution=ATTRIBUTION,
    )


def _date(raw: Any) -> date:
    try:
        return datetime.fromisoformat(str(raw).replace("Z", "+00:00")).date()
    except ValueError:
        return date.today()

