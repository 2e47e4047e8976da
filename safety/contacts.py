"""The crisis contacts, read from data/contacts/crisis_contacts.yml.

A number or opening time shown to someone in crisis must be exactly what the
organisation publishes, so the data lives in one reviewed file and this module
refuses to load a file that is malformed instead of guessing what was meant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Iterator

import yaml

from common.fields import SNAKE_ID, Fields
from common.opening_hours import Hours
from safety.kinds import CrisisKind

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "contacts" / "crisis_contacts.yml"

CHANNEL_KINDS = ("call", "text", "web", "email")


class ContactsError(ValueError):
    """The contacts file cannot be trusted; the message names the file and the entry."""


_fields = Fields(ContactsError)


@dataclass(frozen=True)
class Channel:
    """One way in: call, text, web or email."""

    kind: str
    value: str
    label: str | None = None
    keyword: str | None = None


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
    _fields.keys(entry, _FIELDS, _OPTIONAL_FIELDS, where)
    contact_id = _fields.snake_id(entry["id"], where)
    channels = entry["channels"]
    if not isinstance(channels, list) or not channels:
        raise ContactsError(f"{where}: 'channels' must be a non-empty list")
    return Contact(
        id=contact_id,
        name=_fields.text(entry, "name", where),
        channels=tuple(_channel(c, where) for c in channels),
        audience=_tags(entry, "audience", where),
        serves=tuple(_kind(v, where) for v in _list(entry, "serves", where)),
        hours=_fields.bank_holidays(_fields.hours(entry["hours"], where), entry, where),
        note=_fields.text(entry, "note", where),
        source=_fields.text(entry, "source", where),
        checked=_fields.checked(entry["checked"], where),
    )


def _channel(raw: Any, where: str) -> Channel:
    if not isinstance(raw, dict) or raw.get("kind") not in CHANNEL_KINDS:
        raise ContactsError(f"{where}: each channel needs a kind, one of {CHANNEL_KINDS}")
    extra = sorted(raw.keys() - {"kind", "value", "label", "keyword"})
    if extra:
        raise ContactsError(f"{where}: unknown channel fields {extra}")
    optional = {k: _fields.text(raw, k, where) for k in ("label", "keyword") if k in raw}
    if raw["kind"] == "text" and "keyword" not in optional:
        raise ContactsError(f"{where}: a text channel needs the keyword to send")
    return Channel(kind=raw["kind"], value=_fields.text(raw, "value", where), **optional)


def _kind(raw: Any, where: str) -> CrisisKind:
    try:
        return CrisisKind(raw)
    except ValueError as exc:
        raise ContactsError(f"{where}: {raw!r} is not a crisis kind") from exc


def _list(raw: dict, key: str, where: str) -> list:
    value = raw.get(key)
    if not isinstance(value, list):
        raise ContactsError(f"{where}: {key!r} must be a list")
    return value


def _tags(raw: dict, key: str, where: str) -> tuple[str, ...]:
    tags = _list(raw, key, where)
    if not tags or not all(isinstance(t, str) and SNAKE_ID.match(t) for t in tags):
        raise ContactsError(f"{where}: {key!r} must be a non-empty list of lower_snake_case tags")
    return tuple(tags)
