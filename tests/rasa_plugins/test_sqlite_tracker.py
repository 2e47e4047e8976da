"""The SQLite tracker store in WAL mode with pooled connections keeps every event it is given."""

from __future__ import annotations

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import text

from rasa_plugins import sqlite_tracker

DOMAIN = Domain.from_dict({"intents": ["greet"], "slots": {"mood": {
    "type": "text", "mappings": [{"type": "custom"}]}}})


@pytest.fixture
def installed():
    sqlite_tracker.install()
    yield
    sqlite_tracker.uninstall()


def _pragma(store: SQLTrackerStore, name: str) -> object:
    with store.engine.connect() as connection:
        return connection.execute(text(f"PRAGMA {name}")).scalar()


def test_a_file_store_uses_wal_without_a_sync_per_commit(installed, tmp_path) -> None:
    store = SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "tracker.db"))
    assert _pragma(store, "journal_mode") == "wal"
    assert _pragma(store, "synchronous") == 1  # NORMAL
    assert _pragma(store, "busy_timeout") == 5000


async def test_events_saved_twice_come_back_once_each_in_order(installed, tmp_path) -> None:
    store = SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "tracker.db"))
    tracker = DialogueStateTracker.from_events("person", [
        ActionExecuted("action_listen"), UserUttered("hi", {"name": "greet"}),
    ])
    await store.save(tracker)
    tracker.update(SlotSet("mood", "ok"))
    await store.save(tracker)
    # A second store on the same file (another Rasa process) reads what the first wrote.
    again = await SQLTrackerStore(
        DOMAIN, dialect="sqlite", db=str(tmp_path / "tracker.db")).retrieve("person")
    assert again is not None
    assert [e.as_dict()["event"] for e in again.events] == ["action", "user", "slot"]
    assert again.get_slot("mood") == "ok"


def test_an_in_memory_store_is_left_as_rasa_makes_it(installed) -> None:
    store = SQLTrackerStore(DOMAIN, dialect="sqlite", db="")
    assert not getattr(store, "_tuned", False)


def test_the_rasa_launcher_installs_it(monkeypatch) -> None:
    from scripts import rasa_private

    monkeypatch.setattr(rasa_private.rasa_main, "main", lambda: None)
    monkeypatch.setattr(rasa_private.log_utils, "_anonymizer", rasa_private.log_utils._anonymizer)
    try:
        rasa_private.main()
        assert SQLTrackerStore.__init__ is sqlite_tracker._init
    finally:
        for plugin in rasa_private.PLUGINS:
            plugin.uninstall()
