"""The resource directory, read from data/resources/*.yml and checked on load.

A number, a time or an organisation shown to someone has to be exactly what was
reviewed, so a file that breaks the schema fails loudly, naming the file and
the entry, instead of reaching a person half-formed. Services that are also
crisis contacts name them with `contact_ref`; their numbers and hours are then
read from data/contacts/crisis_contacts.yml, the one source for those.
Loading happens on first use, never at import, and once per folder.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from common.fields import SNAKE_ID, Fields
from common.opening_hours import Hours
from safety.contacts import ContactBook, load_contacts
from signposting.model import (
    AUDIENCES,
    KINDS,
    MODES,
    NATIONAL_AREAS,
    VERIFIED,
    Directory,
    Location,
    Organisation,
    Phone,
    Service,
    TextLine,
    Topic,
)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT / "data" / "resources"
TOPICS_FILE = "topics.yml"

_URL = re.compile(r"^https?://[^\s/]+\.[^\s]+$")
_PHONE = re.compile(r"^[0-9][0-9 ]{2,14}$")
_REQUIRED = {"id", "name", "kind", "description", "topics", "modes", "service_area",
             "source", "checked", "verified"}
_OPTIONAL = {"url", "audience", "phones", "texts", "email", "webchat", "schedule",
             "closed_on_bank_holidays",
             "locations", "how_to_find", "contact_ref", "priority"}


class DirectoryError(ValueError):
    """The directory cannot be trusted; the message names the file and the entry."""


_fields = Fields(DirectoryError)


def load_directory(folder: str | Path | None = None) -> Directory:
    """The directory in `folder` (default: the repository's), read once per folder."""
    return _load(str(Path(folder).resolve() if folder is not None else DEFAULT_DIR))


def council_area_ids() -> frozenset[str]:
    """The 32 council-area ids, from data/places/areas.yml."""
    raw = yaml.safe_load((ROOT / "data" / "places" / "areas.yml").read_text(encoding="utf-8"))
    return frozenset(entry["id"] for entry in raw["council_areas"])


@cache
def _load(folder: str) -> Directory:
    path = Path(folder)
    topics_path = path / TOPICS_FILE
    if not topics_path.exists():
        topics_path = DEFAULT_DIR / TOPICS_FILE
    topics, family_words = _topics(_read(topics_path))
    checker = _Checker(frozenset(topics), council_area_ids(), load_contacts())
    organisations: list[Organisation] = []
    for file in sorted(path.glob("*.yml")):
        if file.name == TOPICS_FILE:
            continue
        raw = _read(file)
        if not isinstance(raw, dict) or not isinstance(raw.get("organisations"), list):
            raise DirectoryError(f"{file.name}: expected a top-level 'organisations:' list")
        organisations += [checker.organisation(o, file.name) for o in raw["organisations"]]
    ids = [s.id for org in organisations for s in org.services]
    ids += [org.id for org in organisations]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise DirectoryError(f"{folder}: duplicate ids {duplicates}")
    return Directory(tuple(organisations), topics, family_words)


def _read(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DirectoryError(f"{path.name}: cannot read: {exc}") from exc


def _topics(raw: Any) -> tuple[dict[str, Topic], frozenset[str]]:
    if not isinstance(raw, dict) or not isinstance(raw.get("topics"), dict):
        raise DirectoryError(f"{TOPICS_FILE}: expected a 'topics:' mapping")
    topics: dict[str, Topic] = {}
    for topic_id, entry in raw["topics"].items():
        phrases = entry.get("phrases") if isinstance(entry, dict) else None
        label = entry.get("label") if isinstance(entry, dict) else None
        if not SNAKE_ID.match(str(topic_id)) or not isinstance(label, str) or not phrases:
            raise DirectoryError(f"{TOPICS_FILE}: topic {topic_id!r} needs a label and phrases")
        topics[topic_id] = Topic(topic_id, label, tuple(str(p).lower() for p in phrases))
    return topics, frozenset(str(w) for w in raw.get("family_words", ()))


class _Checker:
    """Turns one raw organisation into the model, or says exactly what is wrong."""

    def __init__(self, topics: frozenset[str], areas: frozenset[str], book: ContactBook) -> None:
        self.topics, self.areas, self.book = topics, areas, book

    def organisation(self, raw: Any, file: str) -> Organisation:
        where = f"{file}: organisation {raw.get('id') if isinstance(raw, dict) else raw!r}"
        if not isinstance(raw, dict) or not {"id", "name", "services"} <= raw.keys():
            raise DirectoryError(f"{where}: needs id, name and services")
        unknown = sorted(raw.keys() - {"id", "name", "url", "services"})
        if unknown:
            raise DirectoryError(f"{where}: unknown fields {unknown}")
        url = self._url(raw.get("url"), where) if raw.get("url") else None
        if not isinstance(raw["services"], list) or not raw["services"]:
            raise DirectoryError(f"{where}: 'services' must be a non-empty list")
        services = tuple(self.service(s, raw["name"], url, f"{file}: service") for s in
                         raw["services"])
        return Organisation(_fields.snake_id(raw["id"], where), _fields.text(raw, "name", where),
                            url, services)

    def service(self, raw: Any, organisation: str, org_url: str | None, where: str) -> Service:
        if isinstance(raw, dict):
            where = f"{where} {raw.get('id')!r}"
        _fields.keys(raw, _REQUIRED, _OPTIONAL, where)
        phones, texts, webchat, email, hours = self._contact(raw, where)
        service = Service(
            id=_fields.snake_id(raw["id"], where),
            name=_fields.text(raw, "name", where),
            organisation=organisation,
            kind=self._choice(raw["kind"], KINDS, "kind", where),
            description=_fields.text(raw, "description", where),
            topics=self._tags(raw["topics"], self.topics, "topics", where),
            modes=self._tags(raw["modes"], frozenset(MODES), "modes", where),
            service_area=self._area(raw["service_area"], where),
            url=self._url(raw["url"], where) if raw.get("url") else org_url,
            source=_fields.text(raw, "source", where),
            checked=_fields.checked(raw["checked"], where),
            verified=self._choice(raw["verified"], VERIFIED, "verified", where),
            audience=self._tags(raw.get("audience") or [], frozenset(AUDIENCES), "audience",
                                where, allow_empty=True),
            phones=phones, texts=texts, email=email, webchat=webchat, hours=hours,
            locations=tuple(self._location(x, where) for x in raw.get("locations") or ()),
            how_to_find=raw.get("how_to_find"),
            priority=self._priority(raw.get("priority", 0), where),
        )
        self._consistent(service, where)
        return service

    def _contact(self, raw: dict, where: str) -> tuple:
        """Phones, texts, webchat, email and hours: from the crisis contacts or the entry."""
        ref = raw.get("contact_ref")
        if ref is not None:
            if {"phones", "texts", "schedule", "email", "webchat"} & raw.keys():
                raise DirectoryError(f"{where}: with contact_ref, numbers and hours come from "
                                     "the crisis contacts file; do not repeat them")
            if ref not in self.book:
                raise DirectoryError(f"{where}: no crisis contact {ref!r}")
            contact = self.book.get(ref)
            phones = tuple(Phone(c.value, c.label) for c in contact.channels if c.kind == "call")
            texts = tuple(TextLine(c.value, c.keyword or "") for c in contact.channels
                          if c.kind == "text")
            web = next((c.value for c in contact.channels if c.kind == "web"), None)
            mail = next((c.value for c in contact.channels if c.kind == "email"), None)
            return phones, texts, web, mail, contact.hours
        phones = tuple(self._phone(p, where) for p in raw.get("phones") or ())
        texts = tuple(TextLine(str(t["number"]), str(t["keyword"])) for t in raw.get("texts") or ())
        schedule = raw.get("schedule")
        hours = Hours(known=False) if schedule is None else _fields.hours(schedule, where)
        hours = _fields.bank_holidays(hours, raw, where)
        return phones, texts, raw.get("webchat"), raw.get("email"), hours

    def _consistent(self, service: Service, where: str) -> None:
        if "phone" in service.modes and not service.phones:
            raise DirectoryError(f"{where}: mode 'phone' needs a phone number we can show")
        if "text" in service.modes and not service.texts:
            raise DirectoryError(f"{where}: mode 'text' needs a text number and keyword")
        if service.verified == "website-address-only" and (
            service.phones or service.texts or service.hours.known
        ):
            raise DirectoryError(f"{where}: website-address-only entries carry no number or hours")
        if service.url is None and not (service.phones or service.locations):
            raise DirectoryError(f"{where}: needs a url, a phone or a location")

    def _phone(self, raw: Any, where: str) -> Phone:
        number = str(raw.get("number", "")) if isinstance(raw, dict) else ""
        if not _PHONE.match(number):
            raise DirectoryError(f"{where}: phone {raw!r} is not a UK number written with spaces")
        return Phone(number, raw.get("label"))

    def _location(self, raw: Any, where: str) -> Location:
        if not isinstance(raw, dict) or "name" not in raw or raw.get("area") not in self.areas:
            raise DirectoryError(f"{where}: a location needs a name and a council-area id")
        return Location(str(raw["name"]), raw["area"], raw.get("town"), raw.get("postcode"),
                        raw.get("latitude"), raw.get("longitude"))

    def _area(self, raw: Any, where: str) -> str | tuple[str, ...]:
        if raw in NATIONAL_AREAS:
            return raw
        if isinstance(raw, list) and raw and all(a in self.areas for a in raw):
            return tuple(raw)
        raise DirectoryError(f"{where}: service_area must be uk, scotland or council-area ids")

    @staticmethod
    def _priority(raw: Any, where: str) -> int:
        if not isinstance(raw, int) or isinstance(raw, bool) or not -5 <= raw <= 5:
            raise DirectoryError(f"{where}: priority must be a whole number from -5 to 5")
        return raw

    @staticmethod
    def _tags(raw: Any, allowed: frozenset[str], name: str, where: str,
              allow_empty: bool = False) -> tuple[str, ...]:
        if not isinstance(raw, list) or (not raw and not allow_empty):
            raise DirectoryError(f"{where}: {name!r} must be a non-empty list")
        wrong = sorted(str(t) for t in raw if t not in allowed)
        if wrong or len(set(raw)) != len(raw):
            raise DirectoryError(f"{where}: {name!r} has unknown or repeated values {wrong}")
        return tuple(raw)

    @staticmethod
    def _choice(raw: Any, allowed: tuple[str, ...], name: str, where: str) -> str:
        if raw not in allowed:
            raise DirectoryError(f"{where}: {name!r} must be one of {allowed}")
        return raw

    @staticmethod
    def _url(raw: Any, where: str) -> str:
        if not isinstance(raw, str) or not _URL.match(raw):
            raise DirectoryError(f"{where}: {raw!r} is not a web address (https://...)")
        return raw
