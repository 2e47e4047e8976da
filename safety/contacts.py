"""The crisis contacts, read from data/contacts/crisis_contacts.yml.

A number or opening time shown to someone in crisis must be exactly what the
organisation publishes, so the data lives in one reviewed file and this module
refuses to load a file that is malformed instead of guessing what was meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time
from functools import cache
from pathlib import Path
from typing import Any, Iterator

import yaml

from safety.kinds import CrisisKind

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "contacts" / "crisis_contacts.yml"

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CHANNEL_KINDS = ("call", "text", "web", "email")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class ContactsError(ValueError):
    """The contacts file cannot be trusted; the message names the file and the entry."""


@dataclass(frozen=True)
class Channel:
    """One way in: call, text, web or email."""

    kind: str
    value: str
    label: str | None = None
    keyword: str | None = None


@dataclass(frozen=True)
class OpeningRule:
    """A weekly span in Europe/London wall-clock time.

    Kept as wall-clock times, not durations, so that the clock changes move
    the spans exactly as they move the organisation's own rota.
    """

    days: tuple[int, ...]  # 0 = Monday, as datetime.weekday()
    opens: time
    closes: time
    closes_on: int | None = None

    def days_until_close(self, weekday: int) -> int:
        """Whole days from the opening day to the closing day of one span."""
        if self.closes_on is not None:
            gap = (self.closes_on - weekday) % 7
            if gap == 0 and self.closes <= self.opens:
                gap = 7
            return gap
        return 1 if self.closes <= self.opens else 0


@dataclass(frozen=True)
class Hours:
    """When a contact answers. `known` is False where the source gives no hours."""

    always: bool = False
    rules: tuple[OpeningRule, ...] = ()
    known: bool = True
    # Closed on Scottish bank holidays (safety.opening_hours reads the calendar).
    closed_on_bank_holidays: bool = False


@dataclass(frozen=True)
class Contact:
    id: str
    name: str
    channels: tuple[Channel, ...]
    audience: tuple[str, ...]
    serves: tuple[CrisisKind, ...]
    hours: Hours
    note: str
    source: str
    checked: date

    def channel(self, kind: str) -> Channel | None:
        return next((c for c in self.channels if c.kind == kind), None)


@dataclass(frozen=True)
class ContactBook:
    """All contacts, in file order."""

    contacts: tuple[Contact, ...]

    def __iter__(self) -> Iterator[Contact]:
        return iter(self.contacts)

    def __len__(self) -> int:
        return len(self.contacts)

    def __contains__(self, contact_id: object) -> bool:
        return any(c.id == contact_id for c in self.contacts)

    def get(self, contact_id: str) -> Contact:
        for contact in self.contacts:
            if contact.id == contact_id:
                return contact
        raise KeyError(f"no crisis contact with id {contact_id!r}")


def load_contacts(path: str | Path | None = None) -> ContactBook:
    """The contact book at `path` (default: the repository's file), read once per path."""
    return _load(str(Path(path).resolve() if path is not None else DEFAULT_PATH))


@cache
def _load(path: str) -> ContactBook:
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ContactsError(f"{path}: cannot read contacts: {exc}") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("contacts"), list):
        raise ContactsError(f"{path}: expected a top-level 'contacts:' list")
    contacts: list[Contact] = []
    for index, entry in enumerate(raw["contacts"]):
        where = f"{path}: contact #{index + 1}"
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            where = f"{path}: contact {entry['id']!r}"
        contacts.append(_contact(entry, where))
    ids = [c.id for c in contacts]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ContactsError(f"{path}: duplicate contact ids {duplicates}")
    return ContactBook(tuple(contacts))


_FIELDS = {"id", "name", "channels", "audience", "serves", "hours", "note", "source", "checked"}
# Optional: `closed_on_bank_holidays: true` for a weekly rota that stops on Scottish
# bank holidays (never with hours {always: true} or unknown).
_OPTIONAL_FIELDS = {"closed_on_bank_holidays"}


def _contact(entry: Any, where: str) -> Contact:
    if not isinstance(entry, dict):
        raise ContactsError(f"{where}: expected a mapping")
    missing = sorted(_FIELDS - entry.keys())
    unknown = sorted(entry.keys() - _FIELDS - _OPTIONAL_FIELDS)
    if missing or unknown:
        raise ContactsError(f"{where}: missing fields {missing}, unknown fields {unknown}")
    contact_id = _text(entry, "id", where)
    if not _ID.match(contact_id):
        raise ContactsError(f"{where}: id must be lower_snake_case")
    channels = entry["channels"]
    if not isinstance(channels, list) or not channels:
        raise ContactsError(f"{where}: 'channels' must be a non-empty list")
    return Contact(
        id=contact_id,
        name=_text(entry, "name", where),
        channels=tuple(_channel(c, where) for c in channels),
        audience=_tags(entry, "audience", where),
        serves=tuple(_kind(v, where) for v in _list(entry, "serves", where)),
        hours=_bank_holidays(_hours(entry["hours"], where), entry, where),
        note=_text(entry, "note", where),
        source=_text(entry, "source", where),
        checked=_date(entry["checked"], where),
    )


def _channel(raw: Any, where: str) -> Channel:
    if not isinstance(raw, dict) or raw.get("kind") not in CHANNEL_KINDS:
        raise ContactsError(f"{where}: each channel needs a kind, one of {CHANNEL_KINDS}")
    extra = sorted(raw.keys() - {"kind", "value", "label", "keyword"})
    if extra:
        raise ContactsError(f"{where}: unknown channel fields {extra}")
    optional = {k: _text(raw, k, where) for k in ("label", "keyword") if k in raw}
    if raw["kind"] == "text" and "keyword" not in optional:
        raise ContactsError(f"{where}: a text channel needs the keyword to send")
    return Channel(kind=raw["kind"], value=_text(raw, "value", where), **optional)


def _hours(raw: Any, where: str) -> Hours:
    if raw == "unknown":
        return Hours(known=False)
    if raw == {"always": True}:
        return Hours(always=True)
    if not isinstance(raw, list) or not raw:
        raise ContactsError(f"{where}: hours must be {{always: true}}, unknown or a list of rules")
    return Hours(rules=tuple(_rule(r, where) for r in raw))


def _bank_holidays(hours: Hours, entry: dict, where: str) -> Hours:
    flag = entry.get("closed_on_bank_holidays", False)
    if not isinstance(flag, bool):
        raise ContactsError(f"{where}: 'closed_on_bank_holidays' must be true or false")
    if flag and not hours.rules:
        raise ContactsError(f"{where}: 'closed_on_bank_holidays' needs weekly opening rules")
    return Hours(always=hours.always, rules=hours.rules, known=hours.known,
                 closed_on_bank_holidays=flag)


def _rule(raw: Any, where: str) -> OpeningRule:
    if not isinstance(raw, dict) or not {"days", "opens", "closes"} <= raw.keys():
        raise ContactsError(f"{where}: each opening rule needs days, opens and closes")
    extra = sorted(raw.keys() - {"days", "opens", "closes", "closes_on"})
    if extra:
        raise ContactsError(f"{where}: unknown opening-rule fields {extra}")
    days = raw["days"]
    if not isinstance(days, list) or not days or len(set(days)) != len(days):
        raise ContactsError(f"{where}: 'days' must be a non-empty list without repeats")
    closes_on = raw.get("closes_on")
    return OpeningRule(
        days=tuple(_weekday(d, where) for d in days),
        opens=_time(raw["opens"], where),
        closes=_time(raw["closes"], where),
        closes_on=None if closes_on is None else _weekday(closes_on, where),
    )


def _weekday(raw: Any, where: str) -> int:
    if raw not in WEEKDAYS:
        raise ContactsError(f"{where}: {raw!r} is not a weekday, use one of {WEEKDAYS}")
    return WEEKDAYS.index(raw)


def _time(raw: Any, where: str) -> time:
    if not isinstance(raw, str):
        raise ContactsError(f"{where}: write times as quoted strings like \"18:00\", got {raw!r}")
    match = _HHMM.match(raw)
    if not match:
        raise ContactsError(f"{where}: {raw!r} is not a 24-hour HH:MM time")
    return time(int(match.group(1)), int(match.group(2)))


def _date(raw: Any, where: str) -> date:
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw))
    except ValueError as exc:
        raise ContactsError(f"{where}: 'checked' must be a date like 2026-11-23") from exc


def _kind(raw: Any, where: str) -> CrisisKind:
    try:
        return CrisisKind(raw)
    except ValueError as exc:
        raise ContactsError(f"{where}: {raw!r} is not a crisis kind") from exc


def _text(raw: dict, key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ContactsError(f"{where}: {key!r} must be non-empty text")
    return value


def _list(raw: dict, key: str, where: str) -> list:
    value = raw.get(key)
    if not isinstance(value, list):
        raise ContactsError(f"{where}: {key!r} must be a list")
    return value


def _tags(raw: dict, key: str, where: str) -> tuple[str, ...]:
    tags = _list(raw, key, where)
    if not tags or not all(isinstance(t, str) and _ID.match(t) for t in tags):
        raise ContactsError(f"{where}: {key!r} must be a non-empty list of lower_snake_case tags")
    return tuple(tags)
