"""The real Application against the fake Telegram server, with Rasa down or answering [].

Whatever happens to Rasa, every message gets an answer: crisis language the
crisis contacts, /sos the contacts without asking Rasa at all, other input a
kind answer; and every button press is acknowledged.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import datetime, timezone

import pytest

from bot import texts
from bot.pseudonym import Pseudonymizer
from bot.rasa_client import RasaClient
from bot.services import Services
from personal.privacy import Retention, privacy_notice
from safety.audit import crisis_answer_counts
from safety.failsafe import failsafe_reply, sos_reply
from testkit import telegram_updates as tu
from testkit.bot_harness import TEST_PSEUDONYM_KEY, bot_settings, running_bot
from testkit.fake_telegram import BOT_USERNAME, FakeTelegram
from tests.support.fake_rasa import FakeRasa, closed_port_url

AT = datetime(2025, 3, 4, 2, 30, tzinfo=timezone.utc)  # a Tuesday, small hours
USER = 4242
CRISIS_TEXT = "I want to end my life tonight"


def services_for(rasa_url: str) -> Services:
    return Services(
        rasa=RasaClient(rasa_url, 2.0),
        pseudonymize=Pseudonymizer(TEST_PSEUDONYM_KEY),
        clock=lambda: AT,
    )


@pytest.fixture(params=["closed port", "empty reply"])
async def down_rasa_url(request: pytest.FixtureRequest) -> AsyncIterator[str]:
    """Rasa unreachable, or up with no model loaded (it answers [])."""
    if request.param == "closed port":
        yield closed_port_url()
    else:
        async with FakeRasa() as rasa:
            yield rasa.url


@pytest.fixture
async def bot_with_rasa_down(telegram: FakeTelegram, down_rasa_url: str) -> AsyncIterator[None]:
    settings = bot_settings(telegram, down_rasa_url)
    async with running_bot(settings, services_for(down_rasa_url)):
        yield


def texts_of(calls) -> list[str | None]:
    return [call.plain_text for call in calls]


@pytest.mark.usefixtures("bot_with_rasa_down")
async def test_crisis_text_gets_the_crisis_contacts(telegram: FakeTelegram) -> None:
    expected = failsafe_reply(CRISIS_TEXT, AT, record=False)
    telegram.feed(tu.text_update(USER, CRISIS_TEXT))
    sent = await telegram.wait_for_sent(USER, len(expected))
    assert texts_of(sent) == list(expected)
    assert any("999" in text for text in expected)
    assert all(call.params["parse_mode"] == "HTML" for call in sent)
    assert telegram.calls_to("sendChatAction")[0].params["action"] == "typing"


@pytest.mark.usefixtures("bot_with_rasa_down")
async def test_ordinary_text_gets_an_apology_with_contacts(telegram: FakeTelegram) -> None:
    expected = failsafe_reply("What can you do?", AT, record=False)
    telegram.feed(tu.text_update(USER, "What can you do?"))
    assert texts_of(await telegram.wait_for_sent(USER, len(expected))) == list(expected)


@pytest.mark.usefixtures("bot_with_rasa_down")
@pytest.mark.parametrize("command", ["sos", "crisis"])
async def test_sos_answers_from_the_safety_data(telegram: FakeTelegram, command: str) -> None:
    expected = sos_reply(AT, record=False)
    telegram.feed(tu.command_update(USER, command))
    assert texts_of(await telegram.wait_for_sent(USER, len(expected))) == list(expected)


async def test_sos_never_asks_rasa_and_is_counted(telegram: FakeTelegram) -> None:
    async with FakeRasa() as rasa, running_bot(bot_settings(telegram, rasa.url)):
        telegram.feed(tu.command_update(USER, "sos"))
        await telegram.wait_for_sent(USER, 1)
        await telegram.settle()
    assert rasa.requests == []
    assert sum(crisis_answer_counts().values()) == 1


@pytest.mark.usefixtures("bot_with_rasa_down")
@pytest.mark.parametrize(
    "command", ["start", "menu", "help", "stop", "exercises", "groups", "plan", "checkin", "mydata"]
)
async def test_commands_for_rasa_get_the_failsafe(telegram: FakeTelegram, command: str) -> None:
    expected = failsafe_reply(None, AT, record=False)
    telegram.feed(tu.command_update(USER, command))
    assert texts_of(await telegram.wait_for_sent(USER, len(expected))) == list(expected)


@pytest.mark.parametrize("rasa", ["closed port", "empty reply"])
async def test_privacy_with_rasa_down_gets_the_same_notice_with_the_configured_days(
    telegram: FakeTelegram, rasa: str
) -> None:
    retention = Retention(conversation_days=21, personal_days=200)
    async with contextlib.AsyncExitStack() as stack:
        url = closed_port_url() if rasa == "closed port" else (
            await stack.enter_async_context(FakeRasa())).url
        services = services_for(url)
        services.retention = retention
        await stack.enter_async_context(running_bot(bot_settings(telegram, url), services))
        telegram.feed(tu.command_update(USER, "privacy"))
        [sent] = await telegram.wait_for_sent(USER, 1)
    assert sent.plain_text == privacy_notice(retention)
    assert "21 days" in sent.plain_text and "200 days" in sent.plain_text


@pytest.mark.usefixtures("bot_with_rasa_down")
@pytest.mark.parametrize(
    ("factory", "kind"),
    [
        (tu.sticker_update, "sticker"),
        (tu.photo_update, "photo"),
        (tu.voice_update, "voice"),
        (tu.video_update, "video"),
        (tu.document_update, "document"),
        (tu.contact_update, "contact"),
    ],
)
async def test_non_text_gets_a_kind_answer(telegram: FakeTelegram, factory, kind: str) -> None:
    telegram.feed(factory(USER))
    [sent] = await telegram.wait_for_sent(USER, 1)
    assert sent.plain_text == texts.NOT_TEXT[kind]
    await telegram.settle()
    assert len(telegram.sent_to(USER)) == 1


@pytest.mark.usefixtures("bot_with_rasa_down")
async def test_a_crisis_caption_on_a_photo_still_gets_the_crisis_contacts(
    telegram: FakeTelegram,
) -> None:
    expected = failsafe_reply(CRISIS_TEXT, AT, record=False)
    telegram.feed(tu.photo_update(USER, caption=CRISIS_TEXT))
    sent = await telegram.wait_for_sent(USER, len(expected) + 1)
    assert texts_of(sent) == [*expected, texts.CAPTION_READ]


@pytest.mark.usefixtures("bot_with_rasa_down")
async def test_button_press_is_answered_and_its_keyboard_retired(telegram: FakeTelegram) -> None:
    # A keyboard from before Rasa went down, on a message the bot sent.
    button = {"text": "Show the menu", "callback_data": "/show_menu"}
    pressed = telegram.earlier_bot_message(USER, "What would help most?", [[button]])
    update = tu.callback_update(USER, "/show_menu", pressed)
    telegram.feed(update)
    expected = failsafe_reply(None, AT, record=False)
    sent = await telegram.wait_for_sent(USER, len(expected))
    assert texts_of(sent) == list(expected)
    [answer] = telegram.calls_to("answerCallbackQuery")
    assert answer.params["callback_query_id"] == update["callback_query"]["id"]
    assert "reply_markup" not in telegram.message(USER, pressed["message_id"])


@pytest.mark.usefixtures("bot_with_rasa_down")
@pytest.mark.parametrize("payload", ["/crisis", "/ask_contacts"])
async def test_contact_buttons_give_the_sos_answer(telegram: FakeTelegram, payload: str) -> None:
    telegram.feed(tu.callback_update(USER, payload, None))
    expected = sos_reply(AT, record=False)
    assert texts_of(await telegram.wait_for_sent(USER, len(expected))) == list(expected)
    assert len(telegram.calls_to("answerCallbackQuery")) == 1


@pytest.mark.usefixtures("bot_with_rasa_down")
async def test_group_chats_are_declined(telegram: FakeTelegram) -> None:
    group = tu.group_chat()
    telegram.feed(tu.text_update(USER, "hello everyone", chat=group))  # not for the bot
    telegram.feed(tu.text_update(USER, "/start@some_other_bot", chat=group))
    telegram.feed(tu.command_update(USER, "start", chat=group))
    telegram.feed(tu.text_update(USER, f"hi @{BOT_USERNAME}", chat=group))
    sent = await telegram.wait_for_sent(group["id"], 2)
    assert [c.plain_text for c in sent] == [texts.GROUP_CHAT] * 2
    await telegram.settle()
    assert len(telegram.sent_to(group["id"])) == 2
    assert telegram.sent_to(USER) == []


@pytest.mark.usefixtures("bot_with_rasa_down")
async def test_unknown_command_gets_a_kind_pointer(telegram: FakeTelegram) -> None:
    telegram.feed(tu.command_update(USER, "settings"))
    [sent] = await telegram.wait_for_sent(USER, 1)
    assert sent.plain_text == texts.UNKNOWN_COMMAND
