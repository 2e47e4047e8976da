"""The real Application against the fake Telegram server and a Rasa stand-in that answers.

These pin down what bot/ itself adds between Telegram and Rasa: pseudonyms,
metadata, keyboards and button presses, length limits, commands, escaping,
logging hygiene and the fall-back when a reply cannot be shown.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, timezone

import pytest

from bot import texts
from bot.pseudonym import Pseudonymizer, pseudonym
from bot.rasa_client import RasaClient
from bot.services import Services
from safety.failsafe import failsafe_reply
from testkit import telegram_updates as tu
from testkit.bot_harness import TEST_PSEUDONYM_KEY, bot_settings, running_bot
from testkit.fake_telegram import FakeTelegram
from tests.support.fake_rasa import Body, FakeRasa

AT = datetime(2025, 3, 4, 14, 0, tzinfo=timezone.utc)
USER = 777001
SENDER = pseudonym(TEST_PSEUDONYM_KEY, USER)
LONG_PAYLOAD = '/choose_group{"group_id": "peer-support-edinburgh-north-wednesday-evening"}'
MENU = [
    {"title": "I'm feeling low", "payload": "/share_low_mood"},
    {"title": "Someone to talk to", "payload": "/ask_contacts"},
]

SCRIPT: dict[str, list[Body]] = {
    "/greet": [{"text": "Welcome!"}, {"text": "What would you like to do?", "buttons": MENU}],
    "/show_menu": [{"text": "What would you like to do?", "buttons": MENU}],
    "/ask_help": [{"text": "Just type."}],
    "long buttons": [
        {"text": "Pick a group", "buttons": [{"title": "Wed", "payload": LONG_PAYLOAD}]}
    ],
    "markup": [{"text": "1 < 2 & <b>bold?</b>"}],
    "picture": [{"text": "Breathe", "image": "https://example.org/breathe.png"}],
    "custom only": [{"custom": {"kind": "chart"}}],
    "broken": 500,  # type: ignore[dict-item]
}


def scripted(body: Body) -> list[Body] | int:
    return SCRIPT.get(body["message"], [{"text": f"echo: {body['message']}"}])


@dataclass
class Running:
    telegram: FakeTelegram
    rasa: FakeRasa


@pytest.fixture
async def running(telegram: FakeTelegram) -> AsyncIterator[Running]:
    async with FakeRasa(scripted) as rasa:
        services = Services(
            RasaClient(rasa.url, 2.0), Pseudonymizer(TEST_PSEUDONYM_KEY), clock=lambda: AT
        )
        async with running_bot(bot_settings(telegram, rasa.url), services):
            yield Running(telegram, rasa)


async def test_start_sends_greet_with_the_deep_link_and_a_pseudonym(running: Running) -> None:
    running.telegram.feed(tu.command_update(USER, "start", "gp-leaflet"))
    sent = await running.telegram.wait_for_sent(USER, 2)
    assert [c.plain_text for c in sent] == ["Welcome!", "What would you like to do?"]
    assert sent[1].button_titles == [["I'm feeling low"], ["Someone to talk to"]]
    [request] = running.rasa.requests
    assert request == {
        "sender": SENDER,
        "message": "/greet",
        "metadata": {"channel": "telegram", "start_parameter": "gp-leaflet"},
    }
    assert str(USER) not in str(request)


async def test_command_menu_is_registered(running: Running) -> None:
    [call] = running.telegram.calls_to("setMyCommands")
    assert [(c["command"], c["description"]) for c in call.params["commands"]] == list(
        texts.COMMANDS
    )


@pytest.mark.parametrize(
    ("command", "intent"),
    [
        ("menu", "/show_menu"),
        ("help", "/ask_help"),
        ("stop", "/stop"),
        ("exercises", "/browse_exercises"),
        ("groups", "/find_group"),
        ("plan", "/show_plan"),
        ("checkin", "/start_checkin"),
        ("mydata", "/ask_my_data"),
        ("privacy", "/ask_privacy"),
    ],
)
async def test_commands_send_their_intent(running: Running, command: str, intent: str) -> None:
    running.telegram.feed(tu.command_update(USER, command))
    await running.telegram.wait_for_sent(USER, 1)
    assert running.rasa.messages_from(SENDER) == [intent]


async def test_words_after_a_command_are_read_as_words(running: Running) -> None:
    running.telegram.feed(tu.command_update(USER, "help", "I can't cope any more"))
    running.telegram.feed(tu.command_update(USER, "feelings", "are hard today"))
    await running.telegram.wait_for_sent(USER, 2)
    assert running.rasa.messages_from(SENDER) == [
        "I can't cope any more",
        "feelings are hard today",
    ]


async def test_button_press_answers_retires_keyboard_and_sends_payload(running: Running) -> None:
    telegram = running.telegram
    telegram.feed(tu.command_update(USER, "menu"))
    [menu] = await telegram.wait_for_sent(USER, 1)
    shown = telegram.sent_messages(USER)[0]
    assert menu.keyboard[1][0]["callback_data"] == "/ask_contacts"
    update = tu.callback_update(USER, "/ask_contacts", shown)
    telegram.feed(update)
    sent = await telegram.wait_for_sent(USER, 2)
    assert sent[1].plain_text == "echo: /ask_contacts"
    assert running.rasa.requests[-1]["metadata"] == {"channel": "telegram", "button": True}
    [answer] = telegram.calls_to("answerCallbackQuery")
    assert answer.params == {"callback_query_id": update["callback_query"]["id"]}
    assert "reply_markup" not in telegram.message(USER, shown["message_id"])


async def test_a_double_tap_counts_once(running: Running) -> None:
    telegram = running.telegram
    telegram.feed(tu.command_update(USER, "menu"))
    await telegram.wait_for_sent(USER, 1)
    shown = telegram.sent_messages(USER)[0]
    telegram.feed(tu.callback_update(USER, "/share_low_mood", shown))
    telegram.feed(tu.callback_update(USER, "/ask_contacts", shown))
    await telegram.wait_for_calls("answerCallbackQuery", 2)
    await telegram.settle()
    assert running.rasa.messages_from(SENDER) == ["/show_menu", "/share_low_mood"]
    answers = telegram.calls_to("answerCallbackQuery")
    assert [a.params.get("text") for a in answers] == [None, texts.ALREADY_PRESSED]


async def test_long_payloads_travel_as_tokens(running: Running) -> None:
    telegram = running.telegram
    telegram.feed(tu.text_update(USER, "long buttons"))
    [offer] = await telegram.wait_for_sent(USER, 1)
    data = offer.keyboard[0][0]["callback_data"]
    assert len(data.encode()) <= 64 and data != LONG_PAYLOAD
    telegram.feed(tu.callback_update(USER, data, telegram.sent_messages(USER)[0]))
    await telegram.wait_for_sent(USER, 2)
    assert running.rasa.messages_from(SENDER)[-1] == LONG_PAYLOAD


async def test_an_expired_token_is_explained(running: Running) -> None:
    running.telegram.feed(tu.callback_update(USER, "~t:forgotten-token", None))
    [sent] = await running.telegram.wait_for_sent(USER, 1)
    assert sent.plain_text == texts.EXPIRED_BUTTON
    assert running.rasa.requests == []
    assert len(running.telegram.calls_to("answerCallbackQuery")) == 1


async def test_very_long_text_is_cut_and_the_person_told(running: Running) -> None:
    running.telegram.feed(tu.text_update(USER, "I keep thinking about it. " * 200))
    sent = await running.telegram.wait_for_sent(USER, 2)
    [request] = running.rasa.requests
    assert len(request["message"]) <= 2000
    assert request["metadata"]["truncated"] is True
    assert sent[1].plain_text == texts.TRUNCATED


@pytest.mark.parametrize("text", ["/", "  //  "])
async def test_empty_text_gets_a_kind_answer(running: Running, text: str) -> None:
    running.telegram.feed(tu.text_update(USER, text))
    [sent] = await running.telegram.wait_for_sent(USER, 1)
    assert sent.plain_text == texts.EMPTY_TEXT
    assert running.rasa.requests == []


async def test_rasa_text_is_escaped_so_it_reads_exactly(running: Running) -> None:
    running.telegram.feed(tu.text_update(USER, "markup"))
    [sent] = await running.telegram.wait_for_sent(USER, 1)
    assert sent.params["text"] == "1 &lt; 2 &amp; &lt;b&gt;bold?&lt;/b&gt;"
    assert sent.plain_text == "1 < 2 & <b>bold?</b>"


async def test_images_are_sent_as_photos(running: Running) -> None:
    running.telegram.feed(tu.text_update(USER, "picture"))
    [sent] = await running.telegram.wait_for_sent(USER, 1)
    assert sent.method == "sendPhoto"
    assert sent.params["photo"] == "https://example.org/breathe.png"
    assert sent.plain_text == "Breathe"


async def test_a_refused_photo_falls_back_to_text(running: Running) -> None:
    running.telegram.fail_next("sendPhoto", 400, "Bad Request: wrong file identifier")
    running.telegram.feed(tu.text_update(USER, "picture"))
    await running.telegram.wait_for_calls("sendMessage")
    assert running.telegram.calls_to("sendMessage")[0].plain_text == "Breathe"


@pytest.mark.parametrize("message", ["custom only", "broken"])
async def test_an_unusable_reply_gets_the_failsafe(running: Running, message: str) -> None:
    expected = failsafe_reply(message, AT, record=False)
    running.telegram.feed(tu.text_update(USER, message))
    sent = await running.telegram.wait_for_sent(USER, len(expected))
    assert [c.plain_text for c in sent] == list(expected)


async def test_edited_messages_are_read_as_new_with_a_note(running: Running) -> None:
    running.telegram.feed(tu.edited_text_update(USER, "I meant something else"))
    sent = await running.telegram.wait_for_sent(USER, 2)
    assert [c.plain_text for c in sent] == [texts.EDITED_READ, "echo: I meant something else"]
    assert running.rasa.messages_from(SENDER) == ["I meant something else"]


async def test_a_location_goes_to_rasa_rounded_to_a_town(running: Running) -> None:
    running.telegram.feed(tu.location_update(USER, 55.953252, -3.188267))
    [sent] = await running.telegram.wait_for_sent(USER, 1)
    [request] = running.rasa.requests
    assert request["message"] == '/share_location{"latitude": 55.953, "longitude": -3.188}'
    assert request["metadata"] == {"channel": "telegram", "location": True}
    assert sent.plain_text == f"echo: {request['message']}"


async def test_live_location_updates_are_not_answered(running: Running) -> None:
    running.telegram.feed(tu.edited_location_update(USER))
    running.telegram.feed(tu.text_update(USER, "after"))
    [sent] = await running.telegram.wait_for_sent(USER, 1)
    await running.telegram.settle()
    assert sent.plain_text == "echo: after"
    assert len(running.telegram.sent_to(USER)) == 1


async def test_logs_hold_no_text_ids_or_token(
    running: Running, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    secret_words = "my secret worry about my sister"
    running.telegram.feed(tu.text_update(USER, secret_words))
    running.telegram.feed(tu.text_update(USER, "broken"))
    await running.telegram.wait_for_sent(USER, 2)
    await running.telegram.settle()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "answering from the fail-safe" in logged  # the logs are being captured
    for leak in (secret_words, str(USER), running.telegram.token, SENDER):
        assert leak not in logged


async def test_a_bug_mid_turn_still_gets_an_answer_and_logs_only_the_type(
    telegram: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    async with FakeRasa(scripted) as rasa:
        settings = bot_settings(telegram, rasa.url)

        def broken_pseudonym(user_id: int) -> str:
            raise RuntimeError(f"boom for {user_id}")

        services = Services.from_settings(settings)
        services.pseudonymize = broken_pseudonym
        async with running_bot(settings, services):
            telegram.feed(tu.text_update(USER, "hello there"))
            await telegram.wait_for_sent(USER, 1)
            await telegram.settle()
    assert "999" in " ".join(c.plain_text or "" for c in telegram.sent_to(USER))
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert "error while handling an update: RuntimeError" in errors
    assert not any(str(USER) in message or "hello there" in message for message in errors)
