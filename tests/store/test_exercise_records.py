"""Favourites, finished runs and saved notes."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from store import exercises
from store.db import PersonalStore

AT = datetime(2026, 11, 23, 21, 30, tzinfo=timezone.utc)


def test_favourites_keep_their_order_and_ignore_doubles(store: PersonalStore) -> None:
    exercises.add_favourite(store, "alice", "worry_time", AT)
    exercises.add_favourite(store, "alice", "paced_breathing", AT + timedelta(minutes=1))
    exercises.add_favourite(store, "alice", "worry_time", AT + timedelta(minutes=2))
    assert exercises.favourites(store, "alice") == ["worry_time", "paced_breathing"]

    exercises.remove_favourite(store, "alice", "worry_time")
    assert exercises.favourites(store, "alice") == ["paced_breathing"]


def test_last_run_is_the_most_recent(store: PersonalStore) -> None:
    assert exercises.last_run(store, "alice") is None
    exercises.record_run(store, "alice", "sleep_wind_down", AT - timedelta(days=1))
    exercises.record_run(store, "alice", "paced_breathing", AT)
    exercise_id, finished = exercises.last_run(store, "alice") or ("", None)
    assert exercise_id == "paced_breathing"
    assert finished is not None


def test_notes_come_back_in_the_order_saved(store: PersonalStore) -> None:
    exercises.save_note(store, "alice", "thought_record", "thought", "first", AT)
    exercises.save_note(store, "alice", "thought_record", "balanced", "second", AT + timedelta(1))
    assert [n[2] for n in exercises.notes(store, "alice")] == ["first", "second"]


def test_a_run_keeps_its_ratings_and_a_saved_note_can_be_seen_and_erased(
    store: PersonalStore,
) -> None:
    exercises.record_run(store, "p1", "worry_time", AT, rating_before=7, rating_after=None)
    exercises.save_note(store, "p1", "worry_time", "name_worry", "the bills", AT)
    kept = store.export("p1")
    assert [(r["exercise_id"], r["rating_before"], r["rating_after"])
            for r in kept["exercise_runs"]] == [("worry_time", 7, None)]
    assert [n["text"] for n in kept["exercise_notes"]] == ["the bills"]
    store.erase("p1")
    assert exercises.notes(store, "p1") == [] and exercises.last_run(store, "p1") is None


def test_a_favourite_can_be_removed(store: PersonalStore) -> None:
    exercises.add_favourite(store, "p1", "paced_breathing", AT)
    exercises.remove_favourite(store, "p1", "paced_breathing")
    assert exercises.favourites(store, "p1") == []
