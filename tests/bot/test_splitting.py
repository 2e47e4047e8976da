"""Splitting long text for Telegram and shortening what goes to Rasa."""

from __future__ import annotations

import pytest

from bot.splitting import split_text, truncate_for_rasa, utf16_len


@pytest.mark.parametrize(
    ("text", "limit", "pieces"),
    [
        ("", 10, []),
        ("   ", 10, []),
        ("short", 10, ["short"]),
        ("one two three four", 9, ["one two", "three", "four"]),
        ("First para.\n\nSecond para.", 20, ["First para.", "Second para."]),
        ("Line one\nLine two", 12, ["Line one", "Line two"]),
        ("Sentence one. Sentence two.", 20, ["Sentence one.", "Sentence two."]),
        ("Really? Yes! Fine.", 12, ["Really? Yes!", "Fine."]),
        ("abcdefghij", 4, ["abcd", "efgh", "ij"]),
    ],
)
def test_split_at_natural_pauses(text: str, limit: int, pieces: list[str]) -> None:
    assert split_text(text, limit) == pieces


def test_pieces_never_exceed_the_limit_counted_as_telegram_does() -> None:
    text = "🙂" * 5000  # each emoji is two UTF-16 units
    pieces = split_text(text, 4096)
    assert all(utf16_len(p) <= 4096 for p in pieces)
    assert "".join(pieces) == text


def test_paragraph_preferred_over_a_later_sentence_end() -> None:
    text = "a" * 50 + "\n\n" + "b" * 20 + ". " + "c" * 40
    assert split_text(text, 90)[0] == "a" * 50


def test_a_pause_too_early_is_ignored() -> None:
    text = "ab. " + "c" * 30
    assert split_text(text, 20)[0] == "ab. " + "c" * 16


@pytest.mark.parametrize(
    ("text", "limit", "expected", "truncated"),
    [
        ("hello", 10, "hello", False),
        ("  hello  ", 10, "hello", False),
        ("one two three four", 12, "one two", True),
        ("abcdefghijklmnop", 5, "abcde", True),
    ],
)
def test_truncate_for_rasa(text: str, limit: int, expected: str, truncated: bool) -> None:
    assert truncate_for_rasa(text, limit) == (expected, truncated)


def test_split_refuses_a_silly_limit() -> None:
    with pytest.raises(ValueError):
        split_text("x", 0)
