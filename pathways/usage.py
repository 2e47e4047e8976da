"""The service's figures: how often each pathway is used, by ISO week, with nothing about anyone.

A row is (pathway code or "none", ISO week, kind of event, count): no message text,
no user, chat or sender id, no time finer than the week. The pathway code is stored
only if it is a known pathway, so nothing a person typed can reach the table; any
other value counts as "none" (an unknown code opened the ordinary welcome). Counts
live in the audit database (`AUDIT_DB_URL`, engine from `safety.audit`, which
counts crisis answers the same way), created on first use, never at import.

Reports show any count below `SMALL_COUNT` as "fewer than 10", so a service reading
them cannot single out a person in a quiet week.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime
from enum import Enum

from sqlalchemy import Column, Integer, MetaData, String, Table, and_, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from common.clock import UK, uk_now
from common.once import once
from pathways.loader import lookup
from store.schema_lock import exclusive_schema_setup

logger = logging.getLogger(__name__)

NO_PATHWAY = "none"
SMALL_COUNT = 10
FEWER_THAN = f"fewer than {SMALL_COUNT}"


class UsageKind(str, Enum):
    """The five things counted, in the order a report shows them."""

    NEW_PERSON = "new_person"
    EXERCISE_FINISHED = "exercise_finished"
    SEARCH = "search"
    CHECKIN = "checkin"
    CRISIS_ANSWER = "crisis_answer"


HEADINGS = {
    UsageKind.NEW_PERSON: "new people",
    UsageKind.EXERCISE_FINISHED: "exercises finished",
    UsageKind.SEARCH: "searches",
    UsageKind.CHECKIN: "check-ins",
    UsageKind.CRISIS_ANSWER: "crisis answers",
}

_metadata = MetaData()
usage_table = Table(
    "usage_counts",
    _metadata,
    Column("pathway", String(64), primary_key=True),
    Column("iso_week", String(8), primary_key=True),  # "2026-W48"
    Column("kind", String(20), primary_key=True),
    Column("count", Integer, nullable=False),
)


def iso_week(at: datetime) -> str:
    """The ISO week of `at` in UK time, as "2026-W48" (Monday to Sunday, as services plan)."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("usage counts need an aware datetime (with a timezone)")
    year, week, _ = at.astimezone(UK).isocalendar()
    return f"{year}-W{week:02d}"


def pathway_key(pathway: object) -> str:
    """The pathway's code if it is a known pathway, otherwise "none"."""
    found = lookup(pathway) if pathway is not None else None
    return found.code if found is not None else NO_PATHWAY


def count_usage(kind: UsageKind | str, pathway: str | None, at: datetime | None = None) -> None:
    """Count one event of `kind` for the person's pathway (None if they came without one)."""
    kind = UsageKind(kind)
    row = {"pathway": pathway_key(pathway), "iso_week": iso_week(at or uk_now()),
           "kind": kind.value}
    table, engine = usage_table, get_engine()
    key = and_(*(table.c[name] == value for name, value in row.items()))
    increment = table.update().where(key).values(count=table.c["count"] + 1)
    with engine.begin() as conn:
        if conn.execute(increment).rowcount:
            return
    try:
        with engine.begin() as conn:
            conn.execute(table.insert().values(**row, count=1))
    except IntegrityError:
        # Another process created the row between our update and insert.
        with engine.begin() as conn:
            conn.execute(increment)


def count_usage_safely(kind: UsageKind | str, pathway: str | None,
                       at: datetime | None = None) -> None:
    """Count an event, but never let a broken count stop the person's answer."""
    try:
        count_usage(kind, pathway, at)
    except Exception as exc:  # noqa: BLE001 - figures must never cost a person their reply
        logger.warning("could not count usage (%s)", type(exc).__name__)


def usage_counts() -> dict[tuple[str, str], dict[UsageKind, int]]:
    """Exact counts by (pathway, week), every kind present: for the report, never shown raw."""
    table = usage_table
    counts: dict[tuple[str, str], dict[UsageKind, int]] = defaultdict(
        lambda: {kind: 0 for kind in UsageKind})
    with get_engine().connect() as conn:
        for pathway, week, kind, count in conn.execute(select(table)):
            if kind in UsageKind._value2member_map_:
                counts[(pathway, week)][UsageKind(kind)] += int(count)
    return dict(counts)


def shown(count: int) -> str:
    """A count as a report may show it: "fewer than 10" below ten, otherwise the number."""
    return FEWER_THAN if count < SMALL_COUNT else str(count)


def usage_report(since_week: str | None = None) -> str:
    """Per pathway and per week, the five counts, small ones suppressed; plain text."""
    counts = usage_counts()
    keys = sorted((k for k in counts if since_week is None or k[1] >= since_week),
                  key=lambda k: (k[0] == NO_PATHWAY, k[0], k[1]))
    width = len(FEWER_THAN) + 2
    lines = [f"Use of the companion by pathway and ISO week (any count below {SMALL_COUNT} "
             f"is shown as \"{FEWER_THAN}\").", "No text and no ids are kept: only these counts."]
    if not keys:
        return "\n".join(lines + ["", "Nothing counted yet."])
    header = ("week      " + "".join(f"{HEADINGS[k]:<{_column(k, width)}}"
                                      for k in UsageKind)).rstrip()
    current = None
    for pathway, week in keys:
        if pathway != current:
            label = "came without a pathway" if pathway == NO_PATHWAY else pathway
            lines += ["", f"Pathway: {label}", header]
            current = pathway
        cells = "".join(f"{shown(counts[(pathway, week)][k]):<{_column(k, width)}}"
                        for k in UsageKind)
        lines.append(f"{week}  {cells}".rstrip())
    return "\n".join(lines)


def _column(kind: UsageKind, width: int) -> int:
    return max(width, len(HEADINGS[kind]) + 2)


def get_engine() -> Engine:
    """The audit database's engine, with the usage table in it."""
    from safety.audit import get_engine as audit_engine

    engine = audit_engine()
    _create(engine)
    return engine


@once
def _create(engine: Engine) -> None:
    # Both action servers (and bot/) count: whoever is first creates the table.
    with exclusive_schema_setup(engine):
        _metadata.create_all(engine)
