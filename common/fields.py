"""Checks for the fields of the YAML content files (contacts, directory, pathways, ...).

A number, a time or a date shown to someone must be exactly what was reviewed, so each
loader refuses a malformed entry with a message naming the file and the entry. The
checks are the same everywhere; only the error class differs, so that a caller can tell
which file could not be trusted.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, time
from typing import Any

from common.opening_hours import WEEKDAYS, Hours, OpeningRule

SNAKE_ID = re.compile(r"^[a-z][a-z0-9_]*$")
HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class Fields:
    """The field checks, raising `error` with `where` (file and entry) in the message."""

    def __init__(self, error: type[ValueError]) -> None:
        self.error = error

    def keys(self, raw: Any, required: set[str], optional: set[str], where: str) -> None:
        """A mapping with every required field and nothing unexpected (a typo is not ignored)."""
        if not isinstance(raw, dict):
            raise self.error(f"{where}: expected a mapping")
        missing, unknown = sorted(required - raw.keys()), sorted(raw.keys() - required - optional)
        if missing or unknown:
            raise self.error(f"{where}: missing fields {missing}, unknown fields {unknown}")

    def text(self, raw: dict, key: str, where: str) -> str:
        value = raw.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.error(f"{where}: {key!r} must be non-empty text")
        return value

    def snake_id(self, raw: Any, where: str) -> str:
        if not isinstance(raw, str) or not SNAKE_ID.match(raw):
            raise self.error(f"{where}: id must be lower_snake_case")
        return raw

    def checked(self, raw: Any, where: str) -> date:
        """The date an entry was last checked at its source."""
        if isinstance(raw, date):
            return raw
        try:
            return date.fromisoformat(str(raw))
        except ValueError as exc:
            raise self.error(f"{where}: 'checked' must be a date like 2026-11-23") from exc

    def clock_time(self, raw: Any, where: str) -> time:
        # Unquoted, YAML reads 18:00 as the number 1080 (base 60), hence the first message.
        if not isinstance(raw, str):
            raise self.error(f"{where}: write times as quoted strings like \"18:00\", got {raw!r}")
        match = HHMM.match(raw)
        if not match:
            raise self.error(f"{where}: {raw!r} is not a 24-hour HH:MM time")
        return time(int(match.group(1)), int(match.group(2)))

    def weekday(self, raw: Any, where: str) -> int:
        if raw not in WEEKDAYS:
            raise self.error(f"{where}: {raw!r} is not a weekday, use one of {WEEKDAYS}")
        return WEEKDAYS.index(raw)

    def hours(self, raw: Any, where: str) -> Hours:
        """`{always: true}`, `unknown`, or a list of weekly opening rules."""
        if raw == "unknown":
            return Hours(known=False)
        if raw == {"always": True}:
            return Hours(always=True)
        if not isinstance(raw, list) or not raw:
            raise self.error(
                f"{where}: hours must be {{always: true}}, unknown or a list of rules"
            )
        return Hours(rules=tuple(self.opening_rule(r, where) for r in raw))

    def bank_holidays(self, hours: Hours, raw: dict, where: str) -> Hours:
        """`hours` with the entry's `closed_on_bank_holidays` flag (a weekly rota only)."""
        flag = raw.get("closed_on_bank_holidays", False)
        if not isinstance(flag, bool):
            raise self.error(f"{where}: 'closed_on_bank_holidays' must be true or false")
        if flag and not hours.rules:
            raise self.error(f"{where}: 'closed_on_bank_holidays' needs weekly opening rules")
        return replace(hours, closed_on_bank_holidays=flag)

    def opening_rule(self, raw: Any, where: str) -> OpeningRule:
        if not isinstance(raw, dict) or not {"days", "opens", "closes"} <= raw.keys():
            raise self.error(f"{where}: each opening rule needs days, opens and closes")
        extra = sorted(raw.keys() - {"days", "opens", "closes", "closes_on"})
        if extra:
            raise self.error(f"{where}: unknown opening-rule fields {extra}")
        days = raw["days"]
        if not isinstance(days, list) or not days or len(set(days)) != len(days):
            raise self.error(f"{where}: 'days' must be a non-empty list without repeats")
        closes_on = raw.get("closes_on")
        return OpeningRule(
            days=tuple(self.weekday(d, where) for d in days),
            opens=self.clock_time(raw["opens"], where),
            closes=self.clock_time(raw["closes"], where),
            closes_on=None if closes_on is None else self.weekday(closes_on, where),
        )
