"""Reading moods, words and five-point answers the way people type them."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from personal import checkins
from personal.checkins import AnswerError

NOW = datetime(2026, 11, 23, 20, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("text, mood", [
    ("7", 7), ("seven", 7), ("7/10", 7), ("about 6", 6), ("6 out of 10", 6), ("0", 0),
    ("10", 10), ("ten", 10), ("Five.", 5), ("prob a 3", 3), ("  4  ", 4),
])
def test_moods_people_type(text: str, mood: int) -> None:
    assert checkins.parse_mood(text) == mood


@pytest.mark.parametrize("text", ["11", "-1", "6.5", "6 or 7", "pretty rubbish", "", "100"])
def test_moods_that_cannot_be_read_get_a_kind_message(text: str) -> None:
    with pytest.raises(AnswerError) as raised:
        checkins.parse_mood(text)
    assert "skip" in str(raised.value)


@pytest.mark.parametrize("text", ["skip", "Skip", "naw", "no thanks", "dunno", "pass", "nah"])
def test_skip_words(text: str) -> None:
    assert checkins.is_skip(text)


def test_not_everything_is_a_skip() -> None:
    assert not checkins.is_skip("stopped eating")
    assert not checkins.is_skip("7")


def test_the_word_is_optional_and_tidy() -> None:
    assert checkins.parse_word("skip") is None
    assert checkins.parse_word("  knackered  but ok ") == "knackered but ok"
    assert len(checkins.parse_word("x" * 100) or "") == checkins.MAX_WORD_CHARS


@pytest.mark.parametrize("text, value", [
    ("1", 1), ("5", 5), ("Quite a lot", 4), ("not at all", 1), ("completely!", 5), ("three", 3),
])
def test_five_point_answers(text: str, value: int) -> None:
    assert checkins.parse_scale(text) == value


@pytest.mark.parametrize("text", ["0", "6", "loads", "2 or 3"])
def test_five_point_answers_out_of_range(text: str) -> None:
    with pytest.raises(AnswerError):
        checkins.parse_scale(text)


def test_outcome_statements_are_due_first_time_then_weekly() -> None:
    assert checkins.outcomes_due(None, NOW)
    assert not checkins.outcomes_due(NOW - timedelta(days=6, hours=23), NOW)
    assert checkins.outcomes_due(NOW - timedelta(days=7), NOW)


def test_the_four_statements_from_the_alliance_briefing() -> None:
    texts = [s.text for s in checkins.OUTCOME_STATEMENTS]
    assert len(texts) == 4
    assert "I feel greater hope for the future" in texts
