"""The SQLite tracker store without a file sync per commit and without a connection per query.

Rasa 3.6's `SQLTrackerStore` on SQLite uses SQLAlchemy's defaults there: a new
connection for every session (NullPool: open the file, read the schema) and the
rollback journal with a full sync on every commit. A new conversation's first message
commits twice (the new tracker, then the turn), each waiting for the disk; on this
shared machine the save was the largest stage of a message's wall time (38 of 88 ms
for "hello", `python -m scripts.scaled.profile_turn --text hello`).

`install()` makes every `SQLTrackerStore` on SQLite in this process use:
- write-ahead logging with `synchronous=NORMAL`: a commit appends to the log and syncs
  only at checkpoints. Still atomic and consistent after a crash of Rasa; a power cut
  or an operating system crash can lose the last commits (the last turns of
  conversations, never a half-written one). The personal store already uses WAL.
- `busy_timeout` of 5 s, so a second writer (the erasure plugin's thread) waits
  instead of failing;
- a small pool of connections kept open (`check_same_thread` off: a connection
  serves one session at a time, whichever thread it is in).

PostgreSQL (scaled mode) is left exactly as Rasa configures it. Installed by the Rasa
launcher (`scripts/rasa_private.py`) and by the profiler; importing this changes nothing.
"""

from __future__ import annotations

import functools
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from sqlalchemy import event
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import QueuePool

_ORIGINAL_INIT = SQLTrackerStore.__init__
POOL_SIZE = 2  # the event loop's thread, and the erasure plugin's worker thread


def sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def tune(store: SQLTrackerStore) -> None:
    """Give an SQLite file tracker store the engine described above (others are left alone)."""
    url = store.engine.url
    in_memory = url.database in (None, "", ":memory:")  # one database per connection
    if url.get_backend_name() != "sqlite" or in_memory or getattr(store, "_tuned", False):
        return
    store.engine.dispose()
    engine = sa.create_engine(
        url, poolclass=QueuePool, pool_size=POOL_SIZE, max_overflow=8,
        connect_args={"check_same_thread": False},
    )
    event.listen(engine, "connect", sqlite_pragmas)
    store.engine = engine
    store.sessionmaker = sessionmaker(bind=engine)
    store._tuned = True  # type: ignore[attr-defined]


@functools.wraps(_ORIGINAL_INIT)
def _init(self: SQLTrackerStore, *args: Any, **kwargs: Any) -> None:
    _ORIGINAL_INIT(self, *args, **kwargs)
    tune(self)


def install() -> None:
    """Tune every SQLite tracker store created from now on in this process (idempotent)."""
    SQLTrackerStore.__init__ = _init  # type: ignore[method-assign]


def uninstall() -> None:
    SQLTrackerStore.__init__ = _ORIGINAL_INIT  # type: ignore[method-assign]
