"""Retention: conversations and personal records left untouched too long are deleted.

Conversations: Rasa's SQL tracker store keeps every event in one table, `events`, with the
conversation's `sender_id` and a Unix `timestamp`. A conversation whose newest event is older
than `CONVERSATION_RETENTION_DAYS` is deleted in one statement, so a conversation that gets a
new event while the job runs keeps it (the subquery sees the new event). If Rasa had already
read such a conversation to answer a message, its save writes the events back: the person is
active again, and the conversation is pruned later.

Personal records: a person's last use is the newest moment in any of their rows (the consent
row's `last_used_at` moves whenever they use a feature that keeps records). Everything about a
person unused for `PERSONAL_RETENTION_DAYS` is erased with `PersonalStore.erase`, the same
erasure "delete my data" uses. `due_for_notice` names who will be erased within the notice
period, so that bot/ can tell those it can reach (people with reminders on).

Every function takes `now`, so tests drive the clock.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import (
    Column,
    DateTime,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    delete,
    func,
    select,
)
from sqlalchemy import inspect as inspect_database
from sqlalchemy.engine import Engine

from store.checkins import as_utc
from store.db import PersonalStore, personal_tables

# The columns of Rasa's SQLTrackerStore table that pruning needs (rasa/core/tracker_store.py).
_TRACKER = MetaData()
EVENTS = Table(
    "events",
    _TRACKER,
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255)),
    Column("timestamp", Float),
)


def prune_conversations(engine: Engine, now: datetime, days: int) -> int:
    """Delete every conversation whose newest event is older than `days`; how many went."""
    if not inspect_database(engine).has_table(EVENTS.name):
        return 0
    cutoff = (now - timedelta(days=days)).timestamp()
    stale = (
        select(EVENTS.c.sender_id)
        .group_by(EVENTS.c.sender_id)
        .having(func.max(EVENTS.c.timestamp) < cutoff)
    )
    with engine.begin() as connection:
        senders = connection.execute(select(func.count()).select_from(stale.subquery())).scalar()
        connection.execute(delete(EVENTS).where(EVENTS.c.sender_id.in_(stale)))
    return int(senders or 0)


def _datetime_columns(table: Table) -> list[Column]:
    return [column for column in table.columns if isinstance(column.type, DateTime)]


def last_used(store: PersonalStore) -> dict[str, datetime]:
    """Each person's newest moment across every personal table."""
    latest: dict[str, datetime] = {}
    with store.session() as session:
        for table in personal_tables():
            for column in _datetime_columns(table):
                rows = session.execute(
                    select(table.c.person, func.max(column)).group_by(table.c.person))
                for person, moment in rows:
                    if moment is None:
                        continue
                    moment = as_utc(moment)
                    if person not in latest or moment > latest[person]:
                        latest[person] = moment
    return latest


def deletion_due(last: datetime, days: int) -> datetime:
    """When records last used at `last` are deleted."""
    return last + timedelta(days=days)


def due_for_notice(
    store: PersonalStore, now: datetime, days: int, notice_days: int
) -> dict[str, datetime]:
    """People whose records will be deleted within `notice_days`: person -> last use."""
    now = as_utc(now)
    return {
        person: last for person, last in last_used(store).items()
        if now < deletion_due(last, days) <= now + timedelta(days=notice_days)
    }


def prune_personal(store: PersonalStore, now: datetime, days: int) -> list[str]:
    """Erase everything about each person unused for `days`; the people erased."""
    cutoff = as_utc(now) - timedelta(days=days)
    erased = []
    for person, last in sorted(last_used(store).items()):
        if last < cutoff:
            store.erase(person)
            erased.append(person)
    return erased
