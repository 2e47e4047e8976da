"""What is kept, the export file, and the erasure confirmation."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from personal import my_data

AT = datetime(2026, 11, 23, 21, 30, tzinfo=timezone.utc)


def test_what_is_kept_in_plain_words() -> None:
    text = my_data.describe_kept({"mood_checkins": [{}, {}], "plan_sections": [{}]}, True)
    assert "mood check-ins (0-10 and any word you gave): 2 check-ins" in text
    assert "your staying-well plan: 1 section" in text
    assert "for reminders: your Telegram chat number" in text
    assert "nothing you've saved yet" in my_data.describe_kept({}, False)


def test_an_unknown_table_is_still_listed() -> None:
    assert "- groups saved: 1 record" in my_data.describe_kept({"groups_saved": [{}]}, False)


def test_export_holds_records_and_what_was_said_only() -> None:
    events = [
        {"event": "action", "name": "action_listen", "timestamp": 1},
        {"event": "user", "text": "check in", "timestamp": 1763900000.0},
        {"event": "bot", "text": "How's your mood?", "timestamp": 1763900001.0},
        {"event": "slot", "name": "checkin_mood", "value": 7, "timestamp": 1763900002.0},
    ]
    said = my_data.conversation(events)
    assert [s["from"] for s in said] == ["you", "bot"]
    made = my_data.export_document({"mood_checkins": [{"mood": 7}]}, said, AT)
    content = json.loads(made["text"])
    assert made["filename"] == "my-data-2026-11-23.json"
    assert content["records"] == {"mood_checkins": [{"mood": 7}]}
    assert content["conversation"][0]["text"] == "check in"


def test_erasure_names_what_went() -> None:
    text = my_data.describe_erased({"plan_sections": 3})
    assert "your staying-well plan: 3 sections" in text
    assert "our conversation history" in text
