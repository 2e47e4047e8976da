"""The custom-payload contract, checked field by field (pure functions, no bot)."""

from __future__ import annotations

import base64
import logging

import pytest

from bot.custom_payloads import (
    MAX_BASE64_CHARS,
    MIN_TICK_SECONDS,
    Document,
    HookRequest,
    Photo,
    Timer,
    parse_custom,
    safe_filename,
)
from bot.rendering import render_console, render_telegram

PNG = b"\x89PNG\r\n\x1a\nfake"
B64 = base64.b64encode(PNG).decode()


def test_a_photo_is_decoded_with_its_caption() -> None:
    photo = parse_custom({"kind": "photo", "png_base64": B64, "caption": " Your week "})
    assert photo == Photo(PNG, "Your week")


def test_a_document_keeps_a_safe_name_and_gets_an_extension_from_its_type() -> None:
    raw = {"kind": "document", "filename": "../../etc/my data", "mime": "application/json"}
    document = parse_custom({**raw, "content_base64": B64})
    assert document == Document("my-data.json", "application/json", PNG, "")


@pytest.mark.parametrize(
    ("name", "expected"),
    [("export.json", "export.json"), ("a/b\\c.txt", "c.txt"), ("...", "file"), (None, "file")],
)
def test_safe_filename(name: object, expected: str) -> None:
    assert safe_filename(name) == expected


@pytest.mark.parametrize(
    "raw",
    [
        {"kind": "photo"},
        {"kind": "photo", "png_base64": "not base64!"},
        {"kind": "photo", "png_base64": "A" * (MAX_BASE64_CHARS + 4)},
        {"kind": "document", "filename": "x.txt", "content_base64": ""},
        {"kind": "timer", "text": "Breathe", "seconds": 0},
        {"kind": "timer", "text": "Breathe", "seconds": 10_000},
        {"kind": "timer", "text": "", "seconds": 30},
        {"kind": "timer", "text": "Breathe", "seconds": "30"},
        {"kind": 7},
        "not a mapping",
    ],
)
def test_malformed_payloads_are_dropped_and_logged_without_content(
    raw: object, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    assert parse_custom(raw) is None
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "dropped" in logged and "Breathe" not in logged


def test_a_timer_never_ticks_faster_than_telegram_allows() -> None:
    timer = parse_custom({"kind": "timer", "text": "Breathe", "seconds": 30, "tick": 1})
    assert timer == Timer("Breathe", 30, MIN_TICK_SECONDS, "Done.")


def test_other_kinds_are_requests_for_hooks() -> None:
    raw = {"kind": "reminder", "action": "set", "schedule": {"time": "09:00"}}
    assert parse_custom(raw) == HookRequest("reminder", raw)


def test_rendering_keeps_text_before_the_payload_and_marks_hooks_invisible() -> None:
    replies = [
        {"text": "I'll remind you at 9.", "custom": {"kind": "reminder", "action": "set"}},
        {"custom": {"kind": "photo", "png_base64": B64}},
    ]
    outgoing = render_telegram(replies)
    assert [m.kind for m in outgoing] == ["text", "custom", "custom"]
    assert [m.visible for m in outgoing] == [True, False, True]


def test_the_console_shows_payloads_plainly() -> None:
    turn = render_console(
        [
            {"custom": {"kind": "timer", "text": "Breathe", "seconds": 60, "done_text": "Done!"}},
            {"custom": {"kind": "document", "filename": "plan.txt", "content_base64": B64}},
            {"custom": {"kind": "photo", "png_base64": B64, "caption": "Your week"}},
            {"custom": {"kind": "reminder"}},
        ]
    )
    assert turn.text == (
        "Breathe (take about 60 seconds)\nDone!\n\n[file: plan.txt]\n\n[picture] Your week"
    )
