"""How many crisis answers were given, by kind, source and hour: nothing more.

The counts show that the safety path is being reached and which kinds of
concern come up, without keeping anything that could identify a person: no
message text, no user or chat ids, and only the hour (UTC) rather than the
moment. The database is opened on first use, never at import.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    and_,
    create_engine,
    func,
    select,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import IntegrityError

from common.db_urls import database_url
from common.once import once
from safety.kinds import CrisisKind
from store.schema_lock import exclusive_schema_setup

logger = logging.getLogger(__name__)

ENV_VAR = "AUDIT_DB_URL"

# A short fixed word, so that message text can never be passed in as a source by mistake.
_SOURCE = re.compile(r"^[a-z][a-z0-9_]{0,19}$")

_metadata = MetaData()
crisis_answer_table = Table(
    "crisis_answer_counts",
    _metadata,
    Column("hour_utc", DateTime, primary_key=True),
    Column("kind", String(40), primary_key=True),
    Column("source", String(20), primary_key=True),
    Column("answers", Integer, nullable=False),
)


def record_crisis_answer(kind: CrisisKind | str, at: datetime, source: str) -> None:
    """Count one crisis answer of `kind`, given by `source` (e.g. "rasa", "failsafe", "sos")."""
    kind = CrisisKind(kind)
    if not _SOURCE.match(source):
        raise ValueError("source must be a short lower-case word such as 'rasa' or 'sos'")
    table, engine = crisis_answer_table, get_engine()
    row = {"hour_utc": _hour(at), "kind": kind.value, "source": source}
    key = and_(*(table.c[name] == value for name, value in row.items()))
    increment = table.update().where(key).values(answers=table.c.answers + 1)
    with engine.begin() as conn:
        if conn.execute(increment).rowcount:
            return
    try:
        with engine.begin() as conn:
            conn.execute(table.insert().values(**row, answers=1))
    except IntegrityError:
        # Another process created the row between our update and insert.
        with engine.begin() as conn:
            conn.execute(increment)


def record_crisis_answer_safely(kind: CrisisKind | str, at: datetime, source: str) -> None:
    """Count a crisis answer, but never let a broken audit stop the answer being sent."""
    try:
        record_crisis_answer(kind, at, source)
    except Exception as exc:  # noqa: BLE001 - counting must never block a crisis answer
        logger.warning("could not record crisis answer in audit (%s)", type(exc).__name__)


def crisis_answer_counts(since: datetime | None = None) -> dict[str, int]:
    """Answers per kind (every kind present, zero if none), from the hour containing `since`."""
    table = crisis_answer_table
    query = select(table.c.kind, func.sum(table.c.answers)).group_by(table.c.kind)
    if since is not None:
        query = query.where(table.c.hour_utc >= _hour(since))
    counts = {kind.value: 0 for kind in CrisisKind}
    with get_engine().connect() as conn:
        for kind, total in conn.execute(query):
            counts[kind] = int(total or 0)
    return counts


def get_engine() -> Engine:
    """The engine for AUDIT_DB_URL (read on each call, so tests can point it elsewhere)."""
    return _engine_for(database_url(ENV_VAR, "audit.db"))


@once
def _engine_for(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, future=True, pool_pre_ping=True, hide_parameters=True)
    # Both action servers (and bot/) count crisis answers: whoever is first creates the table.
    with exclusive_schema_setup(engine):
        _metadata.create_all(engine)
    return engine


def _hour(at: datetime) -> datetime:
    """The UTC hour containing `at`, as a naive datetime (portable across databases)."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("the audit needs an aware datetime (with a timezone)")
    return at.astimezone(timezone.utc).replace(minute=0, second=0, microsecond=0, tzinfo=None)
