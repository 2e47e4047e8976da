"""What the person typed, made safe for Rasa."""

from __future__ import annotations

import pytest

from bot.inbound import deep_link_parameter, location_intent, prepare_text, split_command


@pytest.mark.parametrize(
    ("raw", "text", "truncated"),
    [
        ("hello", "hello", False),
        ("  hello  ", "hello", False),
        ("/stop", "stop", False),
        ('//crisis{"x": 1}', 'crisis{"x": 1}', False),
        ("/ I feel low", "I feel low", False),
        ("", "", False),
        (None, "", False),
        ("   ", "", False),
        ("word " * 1000, ("word " * 400).strip(), True),
    ],
)
def test_prepare_text(raw: str | None, text: str, truncated: bool) -> None:
    prepared = prepare_text(raw)
    assert (prepared.text, prepared.truncated) == (text, truncated)
    assert not prepared.text.startswith("/")
    assert len(prepared.text) <= 2000


@pytest.mark.parametrize(
    ("args", "parameter"),
    [
        (None, None),
        ([], None),
        (["gp-leaflet_2024"], "gp-leaflet_2024"),
        (["has space"], None),
        (["a", "b"], None),
        (["x" * 65], None),
        (["<script>"], None),
    ],
)
def test_deep_link_parameter(args: list[str] | None, parameter: str | None) -> None:
    assert deep_link_parameter(args) == parameter


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("/menu", ("menu", "")),
        ("/Menu@companion_test_bot", ("menu", "")),
        ("/help I can't cope", ("help", "I can't cope")),
        ("/help\nline two", ("help", "line two")),
        ("hello", None),
        ("/ hello", None),
    ],
)
def test_split_command(text: str, parsed: tuple[str, str] | None) -> None:
    assert split_command(text) == parsed


@pytest.mark.parametrize(
    ("latitude", "longitude", "expected"),
    [
        (55.953252, -3.188267, '/share_location{"latitude": 55.953, "longitude": -3.188}'),
        (57.1497, -2.0943, '/share_location{"latitude": 57.15, "longitude": -2.094}'),
        (91.0, 0.0, None),
        (0.0, -181.0, None),
        (float("nan"), 0.0, None),
    ],
)
def test_a_location_becomes_share_location_at_a_town_s_precision(
    latitude: float, longitude: float, expected: str | None
) -> None:
    assert location_intent(latitude, longitude) == expected
