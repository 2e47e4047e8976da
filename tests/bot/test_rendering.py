"""Rendering Rasa replies for Telegram and for the console: every layout rule, case by case."""

from __future__ import annotations

import pytest

from bot.payloads import CALLBACK_DATA_LIMIT, TOKEN_PREFIX
from bot.rendering import (
    SHORT_TITLE,
    Button,
    Outgoing,
    escape_html,
    keyboard_rows,
    parse_reply,
    render_console,
    render_plain_messages,
    render_telegram,
)
from bot.splitting import TELEGRAM_TEXT_LIMIT, utf16_len

MENU = [
    {"title": "I'm feeling low", "payload": "/share_low_mood"},
    {"title": "I'm anxious or stressed", "payload": "/share_anxiety"},
    {"title": "Someone to talk to", "payload": "/ask_contacts"},
]


def titles(keyboard) -> list[list[str]]:
    return [[b.title for b in row] for row in keyboard]


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("plain words", "plain words"),
        ("a < b > c", "a &lt; b &gt; c"),
        ("Tom & Jerry", "Tom &amp; Jerry"),
        ("<b>not bold</b>", "&lt;b&gt;not bold&lt;/b&gt;"),
        ('I\'m "quoted"', 'I\'m "quoted"'),
    ],
)
def test_text_is_escaped_for_html(text: str, escaped: str) -> None:
    assert escape_html(text) == escaped
    assert render_telegram([{"text": text}]) == [Outgoing("text", escaped)]


@pytest.mark.parametrize(
    ("button_titles", "expected_rows"),
    [
        ([], []),
        (["Yes"], [["Yes"]]),
        (["Yes", "No"], [["Yes", "No"]]),
        (["Carry on", "Stop for now"], [["Carry on", "Stop for now"]]),
        (["One", "Two", "Three"], [["One", "Two"], ["Three"]]),
        (["A", "B", "C", "D"], [["A", "B"], ["C", "D"]]),
        (["x" * SHORT_TITLE, "y"], [["x" * SHORT_TITLE, "y"]]),
        (["x" * (SHORT_TITLE + 1), "y"], [["x" * (SHORT_TITLE + 1)], ["y"]]),
        (["Show the menu", "Someone to talk to"], [["Show the menu"], ["Someone to talk to"]]),
    ],
)
def test_keyboard_rows_suit_a_phone(button_titles: list[str], expected_rows: list) -> None:
    buttons = [Button(t, f"/{i}") for i, t in enumerate(button_titles)]
    assert titles(keyboard_rows(buttons)) == expected_rows


def test_buttons_become_an_inline_keyboard_on_their_message() -> None:
    [message] = render_telegram([{"text": "What would you like to do?", "buttons": MENU}])
    assert message.kind == "text" and message.html == "What would you like to do?"
    assert titles(message.keyboard) == [[b["title"]] for b in MENU]
    assert [b.callback_data for b in message.buttons] == [b["payload"] for b in MENU]


@pytest.mark.parametrize(
    "payload",
    [
        "/x" + "y" * 62,  # 64 bytes: fits exactly
        '/choose_group{"group_id": "peer-support-edinburgh-north-wednesday-evening"}',
        "/é" * 40,  # short in characters, long in bytes
        TOKEN_PREFIX + "looks-like-a-token",
    ],
)
def test_callback_data_always_fits_telegrams_limit(payload: str) -> None:
    [message] = render_telegram(
        [{"text": "Pick", "buttons": [{"title": "Go", "payload": payload}]}]
    )
    data = message.buttons[0].callback_data
    assert len(data.encode("utf-8")) <= CALLBACK_DATA_LIMIT
    fits = len(payload.encode()) <= CALLBACK_DATA_LIMIT and not payload.startswith(TOKEN_PREFIX)
    assert (data == payload) is fits


def test_image_becomes_a_photo_with_the_text_as_caption() -> None:
    replies = [{"text": "Breathe in & out", "image": "https://example.org/b.png", "buttons": MENU}]
    [photo] = render_telegram(replies)
    assert photo.kind == "photo" and photo.photo_url == "https://example.org/b.png"
    assert photo.html == "Breathe in &amp; out" and len(photo.buttons) == 3


def test_image_with_text_too_long_for_a_caption_sends_text_then_photo() -> None:
    text = "word " * 300
    replies = [{"text": text, "image": "https://example.org/b.png", "buttons": MENU[:1]}]
    first, second = render_telegram(replies)
    assert first.kind == "text" and first.keyboard == ()
    assert second.kind == "photo" and second.html == "" and len(second.buttons) == 1


def test_image_alone() -> None:
    assert render_telegram([{"image": "https://example.org/a.png"}]) == [
        Outgoing("photo", "", photo_url="https://example.org/a.png")
    ]


def test_long_text_is_split_at_paragraphs_with_the_keyboard_on_the_last_part() -> None:
    paragraph = ("This is a sentence about staying well. " * 40).strip()
    text = "\n\n".join([paragraph] * 5)
    messages = render_telegram([{"text": text, "buttons": MENU}])
    assert len(messages) > 1
    assert all(utf16_len(m.html) <= TELEGRAM_TEXT_LIMIT for m in messages)
    assert all(m.html == paragraph or "\n\n" in m.html for m in messages)
    assert [bool(m.keyboard) for m in messages] == [False] * (len(messages) - 1) + [True]
    assert "\n\n".join(m.html for m in messages) == text


def test_buttons_without_text_still_get_a_message() -> None:
    [message] = render_telegram([{"buttons": MENU}])
    assert message.html and len(message.buttons) == 3


@pytest.mark.parametrize(
    "raw",
    [
        {},
        {"recipient_id": "abc"},
        {"custom": {"anything": 1}},
        {"text": "   "},
        {"text": 42},
        {"buttons": [{"title": "", "payload": "/x"}, {"title": "x"}, "junk"]},
    ],
)
def test_nothing_showable_renders_to_nothing(raw: dict) -> None:
    assert render_telegram([raw]) == []


def test_malformed_buttons_are_skipped_but_the_rest_kept() -> None:
    reply = parse_reply({"text": "Hi", "buttons": [{"title": "Ok", "payload": "/ok"}, {"x": 1}]})
    assert reply.buttons == (Button("Ok", "/ok"),)


def test_several_replies_keep_their_order() -> None:
    messages = render_telegram([{"text": "one"}, {"text": "two"}, {"text": "three"}])
    assert [m.html for m in messages] == ["one", "two", "three"]


def test_bots_own_texts_are_escaped_and_split() -> None:
    messages = render_plain_messages(["Call 999 <now>", "x " * 3000])
    assert messages[0].html == "Call 999 &lt;now&gt;"
    assert len(messages) == 3


def test_console_shows_buttons_as_numbered_options() -> None:
    turn = render_console(
        [
            {"text": "Hi <there>"},
            {"text": "What would you like to do?", "buttons": MENU[:2]},
            {"text": "Or:", "buttons": MENU[2:]},
        ]
    )
    assert turn.text == (
        "Hi <there>\n\nWhat would you like to do?\n  1. I'm feeling low\n"
        "  2. I'm anxious or stressed\n\nOr:\n  3. Someone to talk to"
    )
    assert [b.payload for b in turn.buttons] == [
        "/share_low_mood",
        "/share_anxiety",
        "/ask_contacts",
    ]


def test_console_shows_images_as_links() -> None:
    turn = render_console([{"image": "https://example.org/a.png"}])
    assert turn.text == "[picture: https://example.org/a.png]" and turn.buttons == ()
