"""Export and erasure cover every personal table, whichever feature declared it."""

from __future__ import annotations

from datetime import datetime, timezone

from store import exercises
from store.db import Base, PersonalStore

AT = datetime(2026, 11, 23, 21, 30, tzinfo=timezone.utc)


def test_every_table_but_the_schema_version_is_personal(store: PersonalStore) -> None:
    names = {table.name for table in Base.metadata.sorted_tables}
    personal = {t.name for t in Base.metadata.sorted_tables if "person" in t.columns}
    assert names - personal == {"schema_info"}


def test_erase_removes_every_row_of_one_person_and_only_theirs(store: PersonalStore) -> None:
    for person in ("alice", "bob"):
        exercises.add_favourite(store, person, "paced_breathing", AT)
        exercises.record_run(store, person, "paced_breathing", AT, 3, 5)
        exercises.save_note(store, person, "thought_record", "thought", "I'll mess it up", AT)

    removed = store.erase("alice")

    assert removed == {"favourite_exercises": 1, "exercise_runs": 1, "exercise_notes": 1}
    assert store.export("alice") == {}
    assert set(store.export("bob")) == {"favourite_exercises", "exercise_runs", "exercise_notes"}


def test_export_gives_plain_values_without_the_pseudonym(store: PersonalStore) -> None:
    exercises.save_note(store, "alice", "thought_record", "thought", "I'll mess it up", AT)

    kept = store.export("alice")

    assert kept["exercise_notes"] == [
        {
            "exercise_id": "thought_record",
            "step_id": "thought",
            "text": "I'll mess it up",
            "saved_at": kept["exercise_notes"][0]["saved_at"],
        }
    ]
    assert kept["exercise_notes"][0]["saved_at"].startswith("2026-11-23")


def test_reopening_keeps_the_data_and_the_schema_version(store: PersonalStore) -> None:
    exercises.add_favourite(store, "alice", "grounding_54321", AT)
    again = PersonalStore(store.url)
    assert exercises.favourites(again, "alice") == ["grounding_54321"]
    again.dispose()
