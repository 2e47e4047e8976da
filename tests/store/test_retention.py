"""Retention with a controlled clock, on SQLite and on PostgreSQL (TEST_POSTGRES_URL):
untouched conversations leave the tracker store's `events`, untouched people's records leave
every personal table, and those about to go are named a week before."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, insert, select
from sqlalchemy.engine import Engine

from store import checkins, consent, exercises, plans, reminders
from store.db import PersonalStore
from store.retention import (
    EVENTS,
    due_for_notice,
    last_used,
    prune_conversations,
    prune_personal,
)

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)


def days_ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


@pytest.fixture(params=["sqlite", "postgresql"])
def tracker(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'tracker.db'}"
    else:
        url = os.environ.get("TEST_POSTGRES_URL", "")
        if not url:
            pytest.skip("no PostgreSQL server configured (TEST_POSTGRES_URL)")
    engine = create_engine(url, future=True)
    EVENTS.metadata.drop_all(engine)
    EVENTS.metadata.create_all(engine)
    yield engine
    EVENTS.metadata.drop_all(engine)
    engine.dispose()


def add_events(engine: Engine, sender: str, *ages_in_days: float) -> None:
    with engine.begin() as connection:
        for age in ages_in_days:
            connection.execute(insert(EVENTS).values(sender_id=sender,
                                                     timestamp=days_ago(age).timestamp()))


def senders(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(EVENTS.c.sender_id, func.count()).group_by(EVENTS.c.sender_id))
        return dict(rows.all())


def test_conversations_untouched_for_the_limit_are_deleted_whole(tracker: Engine) -> None:
    add_events(tracker, "old", 45, 40, 30.01)
    add_events(tracker, "old-but-back", 90, 60, 0.5)
    add_events(tracker, "recent", 29.9)
    assert prune_conversations(tracker, NOW, days=30) == 1
    assert senders(tracker) == {"old-but-back": 3, "recent": 1}
    # The clock moves on: a day later the 29.9-day one is 30.9 days old too.
    assert prune_conversations(tracker, NOW + timedelta(days=1), days=30) == 1
    assert senders(tracker) == {"old-but-back": 3}


def test_configured_days_are_the_ones_used(tracker: Engine) -> None:
    add_events(tracker, "eight-days", 8)
    assert prune_conversations(tracker, NOW, days=10) == 0
    assert prune_conversations(tracker, NOW, days=7) == 1
    assert senders(tracker) == {}


def test_no_tracker_table_yet_prunes_nothing(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    assert prune_conversations(engine, NOW, days=30) == 0


def use_everything(store: PersonalStore, person: str, at: datetime) -> None:
    consent.give(store, person, at)
    plans.save_section(store, person, "well", "out walking", at)
    checkins.record_mood(store, person, at, 6, "tired")
    checkins.record_outcomes(store, person, at, {"manage": 3})
    reminders.choose(store, person, "daily", "19:00", None, at)
    exercises.add_favourite(store, person, "paced_breathing", at)
    exercises.record_run(store, person, "paced_breathing", at, 4, 6)
    exercises.save_note(store, person, "thought_record", "thought", "a note", at)


def test_people_unused_for_the_limit_lose_every_record(store: PersonalStore) -> None:
    use_everything(store, "gone", days_ago(400))
    use_everything(store, "kept", days_ago(400))
    consent.touch(store, "kept", days_ago(3))  # used their plan three days ago
    use_everything(store, "new", days_ago(1))
    assert last_used(store)["kept"] == days_ago(3)
    assert prune_personal(store, NOW, days=365) == ["gone"]
    assert store.export("gone") == {}
    assert len(store.export("kept")) == 8 and len(store.export("new")) == 8


def test_the_newest_record_of_any_kind_counts_as_use(store: PersonalStore) -> None:
    use_everything(store, "checks-in", days_ago(500))
    checkins.record_mood(store, "checks-in", days_ago(100), 7)
    plans.save_section(store, "legacy-no-consent", "well", "old words", days_ago(366))
    assert prune_personal(store, NOW, days=365) == ["legacy-no-consent"]
    assert store.export("checks-in")


def test_a_week_before_deletion_the_person_is_named_once_the_window_opens(
    store: PersonalStore
) -> None:
    use_everything(store, "soon", days_ago(360))  # deleted in 5 days
    use_everything(store, "later", days_ago(300))
    use_everything(store, "today", days_ago(365.5))
    assert due_for_notice(store, NOW, days=365, notice_days=7) == {"soon": days_ago(360)}
    # Three days earlier "soon" was still eight days away; "today" was two days away.
    assert due_for_notice(store, NOW - timedelta(days=3), days=365, notice_days=7) == {
        "today": days_ago(365.5)}
