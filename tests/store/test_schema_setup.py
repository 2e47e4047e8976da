"""Two servers opening one fresh PostgreSQL database at the same moment both get a store.

The cause of the scaled test's lost turn on a clean clone: both action servers
created the personal store's tables (and the audit table) on their first
requests at once, the second `CREATE TABLE` failed with an IntegrityError, that
action failed, and Rasa answered the turn with an empty list. Here the two
openings are held at the worst moment on purpose (each has looked for the
tables and found none), so the race happens on every run, not one in a thousand.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import MetaData, create_engine, event, text
from sqlalchemy.engine import Engine

from safety import audit
from store.db import Base, PersonalStore

# Only reached when the opening under test is broken (neither arrives nor waits).
MEETING_TIMEOUT_SECONDS = 60.0


@pytest.fixture
def postgres_url() -> Iterator[str]:
    url = os.environ.get("TEST_POSTGRES_URL", "")
    if not url:
        pytest.skip("no PostgreSQL server configured (TEST_POSTGRES_URL)")
    engine = create_engine(url, future=True)
    for metadata in (Base.metadata, audit._metadata):
        metadata.drop_all(engine)
    yield url
    for metadata in (Base.metadata, audit._metadata):
        metadata.drop_all(engine)
    engine.dispose()


class WorstMoment:
    """A `before_create` hook: each opening waits there for the other.

    `before_create` runs after `create_all` has looked for the tables and before it
    creates them. The first opening to get there waits until the second also gets
    there (then both create: the race) or until the second is seen waiting for a
    database lock (the openings take turns, so there is no race to provoke).
    """

    def __init__(self, url: str) -> None:
        self._arrived = 0
        self._changed = threading.Condition()
        self._probe: Engine = create_engine(url, future=True)

    def __call__(self, *_args: Any, **_kwargs: Any) -> None:
        with self._changed:
            self._arrived += 1
            self._changed.notify_all()
        deadline = time.monotonic() + MEETING_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            with self._changed:
                if self._arrived >= 2 or self._changed.wait_for(lambda: self._arrived >= 2, 0.05):
                    return
            if self._someone_waits_for_a_lock():
                return
        raise AssertionError("the other opening neither reached table creation nor waited")

    def _someone_waits_for_a_lock(self) -> bool:
        with self._probe.connect() as connection:
            waiting = connection.execute(text(
                "SELECT count(*) FROM pg_locks WHERE NOT granted AND database = "
                "(SELECT oid FROM pg_database WHERE datname = current_database())"
            )).scalar_one()
        return waiting > 0

    def close(self) -> None:
        self._probe.dispose()


def open_twice_at_once(url: str, metadata: MetaData, open_: Callable[[str], Any]) -> list[Any]:
    """`open_(url)` in two threads (two servers) held at the worst moment; what each returned."""
    hook = WorstMoment(url)
    results: list[Any] = [None, None]

    def one(index: int) -> None:
        try:
            results[index] = open_(url)
        except Exception as exc:  # noqa: BLE001 - the test reports what each opening raised
            results[index] = exc

    event.listen(metadata, "before_create", hook)
    try:
        threads = [threading.Thread(target=one, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(MEETING_TIMEOUT_SECONDS * 2)
    finally:
        event.remove(metadata, "before_create", hook)
        hook.close()
    return results


def test_two_action_servers_open_a_fresh_personal_store_at_once(postgres_url: str) -> None:
    stores = open_twice_at_once(postgres_url, Base.metadata, PersonalStore)
    try:
        assert [type(s).__name__ for s in stores] == ["PersonalStore", "PersonalStore"]
        for store in stores:
            assert store.export("someone") == {}
        with stores[0].engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM schema_info")).scalar_one() == 1
    finally:
        for store in stores:
            if isinstance(store, PersonalStore):
                store.dispose()


def test_two_servers_create_the_audit_table_at_once(postgres_url: str) -> None:
    engines = open_twice_at_once(postgres_url, audit._metadata, audit._engine_for.__wrapped__)
    try:
        assert [type(e).__name__ for e in engines] == ["Engine", "Engine"]
    finally:
        for engine in engines:
            if isinstance(engine, Engine):
                engine.dispose()
