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
        {"event": "user", "text": "check in", "timestamp": 1763900000.0, "parse_data": {
            "intent": {"name": "start_checkin", "confidence": 0.9},
            "intent_ranking": [{"name": "start_checkin", "confidence": 0.9},
                               {"name": "start_plan", "confidence": 0.05}],
            "entities": [{"entity": "crisis_kind", "value": "self_harm"}]}},
        {"event": "bot", "text": "How's your mood?", "timestamp": 1763900001.0},
        {"event": "slot", "name": "checkin_mood", "value": 7, "timestamp": 1763900002.0},
        {"event": "slot", "name": "crisis_risk", "value": True, "timestamp": 1763900003.0},
    ]
    said = my_data.conversation(events)
    assert [s["from"] for s in said] == ["you", "bot"]
    made = my_data.export_document(
        my_data.export_content({"mood_checkins": [{"mood": 7}]}, events, AT), AT)
    content = json.loads(made["text"])
    assert made["filename"] == "my-data-2026-11-23.json"
    assert content["records"] == {"mood_checkins": [{"mood": 7}]}
    first = content["conversation"][0]
    assert first["text"] == "check in"
    assert first["understood_as"] == {"intent": "start_checkin", "confidence": 0.9}
    assert first["other_guesses"] == [{"intent": "start_plan", "confidence": 0.05}]
    assert first["noticed"] == [{"what": "crisis_kind", "value": "self_harm"}]
    remembered = content["remembered_in_conversation"]
    assert remembered["crisis_risk"]["value"] is True
    assert remembered["other"]["checkin_mood"]["value"] == 7
    assert my_data.held_in_conversation(events) == {"messages": 1, "crisis_risk": True}


def test_what_is_kept_names_the_conversation_the_risk_flag_and_the_limits() -> None:
    text = my_data.describe_kept({}, False, {"messages": 4, "crisis_risk": True}, 21, 200)
    assert "our conversation (4 of your messages), with my guess" in text
    assert "might be at risk, so I answer carefully: yes" in text
    assert "after 21 days with no messages" in text and "after 200 days unused" in text


def test_erasure_names_what_went() -> None:
    text = my_data.describe_erased({"plan_sections": 3})
    assert "your staying-well plan: 3 sections" in text
    assert "our conversation history" in text
