"""Where a person means: council areas, health boards, towns, postcode districts.

Read with spaCy rules on a blank English pipeline (a PhraseMatcher over the names
and the ways people type them, in data/places/), a postcode pattern for the
outward part only ("EH6", "G12"; a full postcode is cut to that and nothing more
is kept), and a small typo allowance for place names ("edinbrugh"). Telegram's
shared location becomes the nearest town. "Online", "by phone", "near me" and
"anywhere" are places too, because that is how people answer "where?".

A place is kept in a Rasa slot as a short key ("town:Perth", "area:fife",
"postcode:EH6", "online"), so follow-ups can reuse it and tests can read it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from common.edit_distance import edit_distance
from common.words import english_words
from signposting import nlp

PLACES_DIR = Path(__file__).resolve().parent.parent / "data" / "places"

ONLINE, PHONE, NEAR_ME, ANYWHERE = "online", "phone", "near_me", "anywhere"
_SPECIAL = {
    ONLINE: ["online", "on line", "on the internet", "internet", "on zoom", "zoom", "virtual",
             "webchat", "web chat", "from home"],
    PHONE: ["by phone", "on the phone", "over the phone", "phone", "telephone", "phone line",
            "ring", "call"],
    NEAR_ME: ["near me", "nearby", "near here", "close to me", "close by", "round here",
              "around here", "local", "locally", "in my area", "my area", "where i live",
              "roond here"],
    ANYWHERE: ["anywhere", "anywhere in scotland", "all of scotland", "scotland",
               "scotland wide", "nationally", "national", "dont mind", "don't mind",
               "doesnt matter", "doesn't matter", "no preference", "wherever"],
}
_POSTCODE = re.compile(r"\b([a-z]{1,2})(\d{1,2})[a-z]?(?:\s*\d[a-z]{2})?\b", re.IGNORECASE)
_AREA_LETTERS = re.compile(r"\b(AB|DD|DG|EH|FK|HS|IV|KA|KW|KY|ML|PA|PH|TD|ZE)\b")
# More specific first: a postcode district says more than a council area.
_SPECIFICITY = ("postcode", "town", "area", "board", "region", "postcode_area")


@dataclass(frozen=True)
class Place:
    """A place as understood: what to show, and the council areas it may mean.

    `kind` is postcode, town, area, board, region, postcode_area, online,
    phone, near_me or anywhere. `areas` lists council-area ids; several when
    the place spans or may mean several areas. Empty for online, phone, anywhere
    and an unresolved near_me.
    """

    kind: str
    label: str
    areas: tuple[str, ...] = ()
    district: str | None = None
    ident: str = ""  # what the key names: an area or board id, a town, a district

    @property
    def key(self) -> str:
        if self.kind in (ONLINE, PHONE, NEAR_ME, ANYWHERE):
            return self.kind
        return f"{self.kind}:{self.ident or self.label}"

    @property
    def is_geographic(self) -> bool:
        return bool(self.areas)


@dataclass(frozen=True)
class Town:
    name: str
    area: str
    latitude: float
    longitude: float
    district: str | None


class Gazetteer:
    """The place data, with a matcher built once; every lookup after that is pure."""

    def __init__(self, folder: Path = PLACES_DIR) -> None:
        areas = yaml.safe_load((folder / "areas.yml").read_text(encoding="utf-8"))
        towns = yaml.safe_load((folder / "towns.yml").read_text(encoding="utf-8"))
        postcodes = yaml.safe_load((folder / "postcodes.yml").read_text(encoding="utf-8"))
        self.area_names = {a["id"]: a["name"] for a in areas["council_areas"]}
        self.boards = {b["id"]: (b["name"], tuple(b["areas"])) for b in areas["health_boards"]}
        self.regions = {r["name"]: tuple(r["areas"]) for r in areas["regions"]}
        self.towns = {t["name"]: Town(t["name"], t["area"], float(t["lat"]), float(t["lon"]),
                                      t.get("district")) for t in towns["towns"]}
        self.postcode_areas = {k: (v["name"], tuple(v["areas"]))
                               for k, v in postcodes["areas"].items()}
        self.districts = {d: area for area, ds in postcodes["districts"].items() for d in ds}
        phrases: dict[str, list[str]] = {key: list(words) for key, words in _SPECIAL.items()}
        for entry in areas["council_areas"]:
            phrases[f"area:{entry['id']}"] = [entry["name"], *entry["aliases"]]
        for entry in areas["health_boards"]:
            phrases[f"board:{entry['id']}"] = [entry["name"], *entry["aliases"]]
        for entry in areas["regions"]:
            phrases[f"region:{entry['name']}"] = [entry["name"], *entry["aliases"]]
        for entry in towns["towns"]:
            phrases[f"town:{entry['name']}"] = [entry["name"], *entry.get("aliases", [])]
        self._phrases = phrases
        self._matcher = nlp.phrase_matcher(phrases)
        # One-word names and aliases, for typo tolerance.
        self._single_words = {text.lower(): label for label, texts in phrases.items()
                              if ":" in label for text in texts
                              if text.isalpha() and len(text) >= 5}

    # ------------------------------------------------------------------ reading text
    def read(self, text: str, located_town: str | None = None) -> Place | None:
        """The most specific place the text names, or None if it names none.

        "near me" resolves to `located_town` (from a shared location) when there is one.
        """
        found = self._postcode(text)
        doc = nlp.blank_english().make_doc(text)
        candidates: list[Place] = [found] if found else []
        matched_tokens: set[int] = set()
        for labels, start, end in nlp.longest_matches(self._matcher, doc):
            matched_tokens.update(range(start, end))
            candidates += [self.from_key(label) for label in labels]
        for token in doc:
            if token.i not in matched_tokens and token.is_alpha:
                guess = self._typo(token.lower_)
                if guess:
                    candidates.append(self.from_key(guess))
        if not candidates:
            return None
        geographic = [p for p in candidates if p.is_geographic]
        if geographic:
            return min(geographic, key=lambda p: _SPECIFICITY.index(p.kind))
        kinds = [p.kind for p in candidates]
        for kind in (ONLINE, PHONE, NEAR_ME, ANYWHERE):
            if kind in kinds:
                if kind == NEAR_ME and located_town in self.towns:
                    return self.from_key(f"town:{located_town}")
                return Place(kind, _LABELS[kind])
        return None

    def _postcode(self, text: str) -> Place | None:
        for match in _POSTCODE.finditer(text):
            letters, number = match.group(1).upper(), int(match.group(2))
            if letters in self.postcode_areas:
                return self.postcode(f"{letters}{number}")
        letters_only = _AREA_LETTERS.search(text)
        if letters_only:
            letters = letters_only.group(1)
            return Place("postcode_area", letters, self.postcode_areas[letters][1])
        return None

    def _typo(self, word: str) -> str | None:
        if len(word) < 5 or word in english_words():
            return None
        limit = 1 if len(word) < 8 else 2
        best: tuple[int, str] | None = None
        for known, label in self._single_words.items():
            distance = edit_distance(word, known, limit)
            if distance <= limit and (best is None or distance < best[0]):
                best = (distance, label)
        return best[1] if best else None

    # ------------------------------------------------------------------ building places
    def postcode(self, district: str) -> Place:
        """A postcode district: its council area when sure, else its postcode area's."""
        district = district.upper().replace(" ", "")
        letters = re.match(r"[A-Z]+", district).group(0)  # type: ignore[union-attr]
        if district in self.districts:
            return Place("postcode", district, (self.districts[district],), district)
        return Place("postcode", district, self.postcode_areas[letters][1], district)

    def from_key(self, key: str) -> Place:
        """The place a slot key stands for; KeyError for a key that names nothing."""
        if key in _LABELS:
            return Place(key, _LABELS[key])
        kind, _, value = key.partition(":")
        if kind == "area":
            return Place("area", self.area_names[value], (value,), ident=value)
        if kind == "board":
            name, areas = self.boards[value]
            return Place("board", name, areas, ident=value)
        if kind == "region":
            return Place("region", value, self.regions[value])
        if kind == "town":
            town = self.towns[value]
            return Place("town", town.name, (town.area,), town.district)
        if kind == "postcode":
            return self.postcode(value)
        if kind == "postcode_area":
            return Place("postcode_area", value, self.postcode_areas[value][1])
        raise KeyError(key)

    def nearest_town(self, latitude: float, longitude: float) -> Town | None:
        """The nearest listed town to a shared location, if it is in or near Scotland."""
        best = min(self.towns.values(),
                   key=lambda t: _km(latitude, longitude, t.latitude, t.longitude))
        return best if _km(latitude, longitude, best.latitude, best.longitude) <= 60 else None

    def area_name(self, area_id: str) -> str:
        return self.area_names[area_id]


_LABELS = {ONLINE: "online", PHONE: "by phone", NEAR_ME: "near you",
           ANYWHERE: "anywhere in Scotland"}


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a))


@cache
def gazetteer() -> Gazetteer:
    """The repository's place data, loaded on first use."""
    return Gazetteer()


def read_place(text: str, located_town: str | None = None) -> Place | None:
    return gazetteer().read(text, located_town)


def place_from_key(key: Any) -> Place | None:
    """The place a slot holds, or None for an empty or stale slot value."""
    if not isinstance(key, str) or not key:
        return None
    try:
        return gazetteer().from_key(key)
    except KeyError:
        return None
