"""docs/accessibility.md checked on the domain's responses: plain words, worded buttons."""

from __future__ import annotations

import re
import unicodedata

from tests.support.domain_files import responses

# Flesch-Kincaid grade 6 is a UK reading age of about 11 to 12; the statement promises this.
MAX_GRADE = 6.0


def _texts() -> list[str]:
    return [v["text"] for vs in responses().values() for v in vs if v.get("text")]


def _buttons() -> list[str]:
    return [b["title"] for vs in responses().values() for v in vs for b in v.get("buttons") or []]


def _syllables(word: str) -> int:
    """A rough English syllable count: vowel groups, less a silent final e."""
    word = word.lower()
    count = len(re.findall(r"[aeiouy]+", word))
    if word.endswith("e") and not word.endswith("le") and count > 1:
        count -= 1
    return max(1, count)


def reading_grade(texts: list[str]) -> float:
    """Flesch-Kincaid grade over all texts (placeholders read as one short word)."""
    words = sentences = syllables = 0
    for text in texts:
        text = re.sub(r"\{[^}]*\}", "it", text)
        sentences += len([s for s in re.split(r"[.!?]+\s|\n+", text) if s.strip()])
        found = re.findall(r"[A-Za-z']+", text)
        words += len(found)
        syllables += sum(_syllables(w) for w in found)
    return 0.39 * words / sentences + 11.8 * syllables / words - 15.59


def test_the_responses_read_at_grade_6_or_below():
    assert reading_grade(_texts()) <= MAX_GRADE


def test_reading_grade_tells_easy_from_hard():
    assert reading_grade(["I can help. Do you want to try?"]) < 3
    assert reading_grade(["Comprehensive psychological interventions necessitate "
                          "considerable organisational investment."]) > 12


def test_every_button_says_what_it_does_in_words_or_numbers():
    """Rating buttons are numbers (0 to 10); every other button is words."""
    for title in _buttons():
        assert title.strip().isdigit() or len(re.findall(r"[A-Za-z]", title)) >= 2, title


def test_no_meaning_is_carried_by_emoji_alone():
    for text in _texts() + _buttons():
        symbols = [c for c in text if unicodedata.category(c) == "So"]
        assert not symbols or re.search(r"[A-Za-z]{3}", text), text
