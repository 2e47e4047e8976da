"""What the person typed, made safe for Rasa."""

from __future__ import annotations

import pytest

from bot.inbound import deep_link_parameter, prepare_text, split_command


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
