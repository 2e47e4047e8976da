"""The progress summary and chart: honest, kind with too little data, never diagnostic."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from personal import progress

NOW = datetime(2026, 11, 23, 20, 0, tzinfo=timezone.utc)


def moods(*values: int, days_apart: int = 3) -> list:
    start = NOW - timedelta(days=days_apart * (len(values) - 1))
    return [(start + timedelta(days=days_apart * i), v, None) for i, v in enumerate(values)]


def test_too_little_data_is_said_kindly() -> None:
    assert "no check-ins yet" in progress.summary([], [], NOW)
    assert "one check-in" in progress.summary(moods(5), [], NOW)
    assert "isn't enough" in progress.summary(moods(5, 6), [], NOW)


def test_summary_describes_the_numbers_and_the_trend() -> None:
    text = progress.summary(moods(2, 3, 2, 6, 7, 8), [], NOW)
    assert "6 times" in text
    assert "from 2 to 8" in text
    assert "higher than before" in text
    assert "not a diagnosis" in text
    for word in ("depress", "disorder", "symptom", "improv"):
        assert word not in text.lower()


def test_summary_says_steady_and_lower_too() -> None:
    assert "about the same" in progress.summary(moods(5, 5, 5, 5, 6, 5), [], NOW)
    assert "lower than before" in progress.summary(moods(8, 8, 7, 3, 2, 3), [], NOW)


def test_summary_quotes_words_and_statements() -> None:
    entries = [(NOW - timedelta(days=i), 5, w) for i, w in ((2, "tired"), (1, None), (0, "ok"))]
    outcomes = [(NOW - timedelta(days=8), "hope", 2), (NOW, "hope", 4)]
    text = progress.summary(entries, outcomes, NOW)
    assert "tired, ok" in text
    assert "quite a lot (first time: a little)" in text


def test_the_chart_is_a_small_png() -> None:
    outcomes = [(NOW - timedelta(days=7), "hope", 2), (NOW, "hope", 3), (NOW, "know", 4)]
    png = progress.chart_png(moods(3, 5, 4, 6), outcomes)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert 5_000 < len(png) < 500_000
    assert progress.chart_png(moods(3, 5, 4), []).startswith(b"\x89PNG")
