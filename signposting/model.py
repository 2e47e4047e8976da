"""The directory's shape: Open Referral UK / HSDS, cut to what a chat needs.

HSDS describes an organisation offering services; each service has contacts
(phones), a schedule of weekly rules, a service area, locations and taxonomy
terms. Here:

- `Organisation` holds `Service`s; a service's `topics` are taxonomy terms from
  data/resources/topics.yml;
- `kind` is what it is (a mutual-aid group, a helpline, a text service, an online
  service, a local service) and `modes` how you take part (in person, phone,
  online, text);
- `service_area` is "uk", "scotland" or a tuple of council-area ids (local);
- `hours` reuses the crisis contacts' weekly rules (`safety.contacts.Hours`), so
  open-now answers come from one tested implementation, in Europe/London time;
- every service carries `source`, `checked` and `verified` (how its facts were
  confirmed), because a number or a time shown to someone must be traceable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from common.opening_hours import Hours

KINDS = ("group", "helpline", "text", "online", "local_service")
MODES = ("in_person", "phone", "online", "text")
NATIONAL_AREAS = ("uk", "scotland")
# How a service's facts were confirmed:
#   reference            copied from the project's verified reference (../shared/reference)
#   website-address-only only the name and official website are claimed; no number or time
#   imported             from an organisation's own export, loaded with signposting.importer
#   aliss                from ALISS, live, under CC BY 4.0
VERIFIED = ("reference", "website-address-only", "imported", "aliss")
AUDIENCES = ("families", "men", "under_19", "age_16_plus", "age_13_plus")

KIND_WORDS = {
    "group": "group",
    "helpline": "helpline",
    "text": "text service",
    "online": "online",
    "local_service": "local service",
}


@dataclass(frozen=True)
class Phone:
    number: str
    label: str | None = None


@dataclass(frozen=True)
class TextLine:
    """A text service: send `keyword` to `number`."""

    number: str
    keyword: str


@dataclass(frozen=True)
class Location:
    """Where an in-person service meets. Only the town and postcode district are kept."""

    name: str
    area: str
    town: str | None = None
    postcode: str | None = None
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class Service:
    id: str
    name: str
    organisation: str
    kind: str
    description: str
    topics: tuple[str, ...]
    modes: tuple[str, ...]
    service_area: str | tuple[str, ...]
    url: str | None
    source: str
    checked: date
    verified: str
    audience: tuple[str, ...] = ()
    phones: tuple[Phone, ...] = ()
    texts: tuple[TextLine, ...] = ()
    email: str | None = None
    webchat: str | None = None
    hours: Hours = field(default_factory=lambda: Hours(known=False))
    locations: tuple[Location, ...] = ()
    how_to_find: str | None = None
    attribution: str | None = None
    priority: int = 0

    @property
    def is_local(self) -> bool:
        return not isinstance(self.service_area, str)

    @property
    def areas(self) -> tuple[str, ...]:
        return () if isinstance(self.service_area, str) else self.service_area

    def covers(self, areas: tuple[str, ...]) -> bool:
        """True if the service is open to someone in any of `areas` (national ones always)."""
        return not self.is_local or bool(set(self.areas) & set(areas))


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    url: str | None
    services: tuple[Service, ...]


@dataclass(frozen=True)
class Topic:
    id: str
    label: str
    phrases: tuple[str, ...]


@dataclass(frozen=True)
class Directory:
    """Every organisation and service, and the taxonomy they are tagged with."""

    organisations: tuple[Organisation, ...]
    topics: dict[str, Topic]
    family_words: frozenset[str] = frozenset()

    @cached_property
    def services(self) -> tuple[Service, ...]:
        return tuple(s for org in self.organisations for s in org.services)

    def service(self, service_id: str) -> Service:
        for service in self.services:
            if service.id == service_id:
                return service
        raise KeyError(service_id)
