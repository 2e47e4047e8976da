"""Plan sections, check-ins and the reminder choice, against SQLite (and PostgreSQL when set)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from store import checkins, plans, reminders
from store.db import PersonalStore

AT = datetime(2026, 11, 23, 21, 30, tzinfo=timezone.utc)


def test_a_plan_section_is_replaced_not_repeated(store: PersonalStore) -> None:
    plans.save_section(store, "alice", "what_helps", "a walk", AT)
    plans.save_section(store, "alice", "what_helps", "a walk, music", AT + timedelta(1))
    plans.save_section(store, "alice", "contacts", "my sister", AT)
    plans.save_section(store, "bob", "contacts", "my pal", AT)
    assert plans.plan_sections(store, "alice") == {
        "what_helps": "a walk, music", "contacts": "my sister"}
    assert len(store.export("alice")["plan_sections"]) == 2


def test_moods_and_outcomes_come_back_in_time_order_as_utc(store: PersonalStore) -> None:
    later = datetime(2026, 11, 24, 9, 0, tzinfo=timezone(timedelta(hours=1)))
    checkins.record_mood(store, "alice", later, 7)
    checkins.record_mood(store, "alice", AT, 3, "knackered")
    checkins.record_outcomes(store, "alice", AT, {"hope": 2, "know": 4})
    assert checkins.moods(store, "alice") == [
        (AT, 3, "knackered"), (later.astimezone(timezone.utc), 7, None)]
    assert [(o[1], o[2]) for o in checkins.outcomes(store, "alice")] == [("hope", 2), ("know", 4)]
    assert checkins.last_outcomes_at(store, "alice") == AT
    assert checkins.last_outcomes_at(store, "bob") is None


def test_one_reminder_choice_per_person(store: PersonalStore) -> None:
    assert reminders.current(store, "alice") is None
    reminders.choose(store, "alice", "daily", "19:00", None, AT)
    reminders.choose(store, "alice", "weekly", "09:30", 6, AT)
    assert reminders.current(store, "alice") == ("weekly", "09:30", 6)
    assert reminders.clear(store, "alice") is True
    assert reminders.clear(store, "alice") is False
    assert reminders.current(store, "alice") is None


def test_erasure_covers_every_personal_feature(store: PersonalStore) -> None:
    for person in ("alice", "bob"):
        plans.save_section(store, person, "well", "calm", AT)
        checkins.record_mood(store, person, AT, 5)
        checkins.record_outcomes(store, person, AT, {"hope": 3})
        reminders.choose(store, person, "daily", "19:00", None, AT)

    removed = store.erase("alice")

    assert removed == {"plan_sections": 1, "mood_checkins": 1, "outcome_ratings": 1,
                       "reminder_choices": 1}
    assert store.export("alice") == {}
    assert set(store.export("bob")) == set(removed)
