"""The console chat: same Rasa client and rendering, numbers press buttons, /sos offline."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from datetime import datetime, timezone

import httpx
import pytest

from bot import texts
from bot.console import BANNER, ConsoleChat, run_console
from bot.pseudonym import CONSOLE_USER_ID, pseudonym
from bot.rasa_client import RasaClient
from bot.settings import Settings
from safety.failsafe import failsafe_reply, sos_reply
from tests.support.fake_rasa import closed_port_url

AT = datetime(2025, 3, 4, 14, 0, tzinfo=timezone.utc)
KEY = b"console-test-key-0123456789"
MENU = [
    {"title": "I'm feeling low", "payload": "/share_low_mood"},
    {"title": "Someone to talk to", "payload": "/ask_contacts"},
]


class ScriptedRasa:
    """A MockTransport handler that records messages and answers from a script."""

    def __init__(self) -> None:
        self.messages: list[str] = []
        self.senders: set[str] = set()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        self.messages.append(body["message"])
        self.senders.add(body["sender"])
        if body["message"] == "/greet":
            replies = [{"text": "Welcome!"}, {"text": "What would you like?", "buttons": MENU}]
        elif body["message"] == "custom":
            replies = [{"custom": {"x": 1}}]
        elif body["message"] == "breathe":
            timer = {"kind": "timer", "text": "Breathe slowly", "seconds": 60, "done_text": "Done"}
            replies = [{"custom": timer}, {"text": "How was that?"}]
        else:
            replies = [{"text": f"echo: {body['message']}"}]
        return httpx.Response(200, json=replies)


def console(rasa: ScriptedRasa) -> tuple[ConsoleChat, list[str]]:
    out: list[str] = []
    client = RasaClient("http://rasa.test", 2.0, transport=httpx.MockTransport(rasa))
    return ConsoleChat(client, "console-sender", out.append, clock=lambda: AT), out


@pytest.fixture
async def chat() -> tuple[ConsoleChat, list[str], ScriptedRasa]:
    rasa = ScriptedRasa()
    chat, out = console(rasa)
    await chat._rasa.open()  # noqa: SLF001
    yield chat, out, rasa
    await chat._rasa.close()  # noqa: SLF001


async def test_start_shows_numbered_buttons_and_a_number_presses_one(chat) -> None:
    console_chat, out, rasa = chat
    assert await console_chat.handle("/start")
    assert (
        out[-1] == "Welcome!\n\nWhat would you like?\n  1. I'm feeling low\n  2. Someone to talk to"
    )
    assert await console_chat.handle("2")
    assert rasa.messages == ["/greet", "/ask_contacts"]
    assert out[-1] == "echo: /ask_contacts"


async def test_numbers_without_buttons_are_just_text(chat) -> None:
    console_chat, out, rasa = chat
    await console_chat.handle("3")
    assert rasa.messages == ["3"]


async def test_a_number_out_of_range_is_explained(chat) -> None:
    console_chat, out, rasa = chat
    await console_chat.handle("/start")
    await console_chat.handle("7")
    assert out[-1] == "Please pick a number from 1 to 2, or type your answer."
    assert rasa.messages == ["/greet"]


@pytest.mark.parametrize(
    ("line", "sent"),
    [("/menu", "/show_menu"), ("/help", "/ask_help"), ("/stop", "/stop"), ("/unknown", "unknown")],
)
async def test_commands_map_to_intents_and_free_text_never_starts_with_a_slash(
    chat, line: str, sent: str
) -> None:
    console_chat, out, rasa = chat
    await console_chat.handle(line)
    assert rasa.messages == [sent]


@pytest.mark.parametrize("line", ["quit", "QUIT", "exit", "/quit"])
async def test_quit_words_end_the_chat(chat, line: str) -> None:
    console_chat, out, rasa = chat
    assert not await console_chat.handle(line)
    assert rasa.messages == []


async def test_empty_line_and_unshowable_reply(chat) -> None:
    console_chat, out, rasa = chat
    await console_chat.handle("   ")
    assert out[-1] == texts.EMPTY_TEXT
    await console_chat.handle("custom")
    assert out[-1] == "\n\n".join(failsafe_reply("custom", AT, record=False))


async def test_sos_and_failsafe_work_with_rasa_down() -> None:
    out: list[str] = []
    async with RasaClient(closed_port_url(), 1.0) as client:
        chat = ConsoleChat(client, "console-sender", out.append, clock=lambda: AT)
        await chat.handle("/sos")
        await chat.handle("I want to die")
    assert out == [
        "\n\n".join(sos_reply(AT, record=False)),
        "\n\n".join(failsafe_reply("I want to die", AT, record=False)),
    ]


async def test_run_console_reads_until_end_of_input() -> None:
    rasa = ScriptedRasa()
    lines: Iterable[str] = iter(["/start", "1"])

    async def read_line() -> str | None:
        return next(lines, None)

    out: list[str] = []
    settings = Settings(pseudonym_key=KEY, rasa_url="http://rasa.test")
    client = RasaClient("http://rasa.test", 2.0, transport=httpx.MockTransport(rasa))
    await run_console(settings, read_line=read_line, write=out.append, rasa=client)
    assert out[0] == BANNER and out[-1] == "Take care. Goodbye."
    assert rasa.messages == ["/greet", "/share_low_mood"]
    assert rasa.senders == {pseudonym(KEY, CONSOLE_USER_ID)}


async def test_a_timer_is_printed_plainly_without_waiting(chat) -> None:
    console_chat, out, _ = chat
    started = time.monotonic()
    await console_chat.handle("breathe")
    # Half the exercise's 60 s: the console did not count it down, however busy the machine.
    assert time.monotonic() - started < 30
    assert out == ["Breathe slowly (take about 60 seconds)\nDone\n\nHow was that?"]
