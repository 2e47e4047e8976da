"""Crisis turns go first inside a Rasa server: the gate, its bounds, and its installation."""

from __future__ import annotations

import asyncio
from typing import Any, Callable, List

import pytest
from rasa.core.channels.channel import UserMessage
from rasa.core.processor import MessageProcessor
from rasa.utils.endpoints import EndpointConfig

from rasa_plugins import crisis_priority
from rasa_plugins.crisis_priority import CrisisGate, is_crisis_text

# Long enough that a test would notice a turn held for it; far shorter than a test timeout.
FOREVER = 30.0


async def normal_turn(gate: CrisisGate, name: str, log: List[str], calls: int = 2) -> None:
    """A normal turn: starts, then `calls` times calls the action server and goes on."""
    async with gate.turn(crisis=False):
        log.append(f"{name} starts")
        for call in range(calls):
            async with gate.calling_out():
                await asyncio.sleep(0)
            log.append(f"{name} after call {call}")


async def crisis_turn(gate: CrisisGate, name: str, log: List[str], reply: asyncio.Event) -> None:
    async with gate.turn(crisis=True):
        log.append(f"{name} starts")
        async with gate.calling_out():
            await reply.wait()  # its action server call, as long as the test wants
        log.append(f"{name} ends")


async def until(condition: Callable[[], bool]) -> None:
    async def poll() -> None:
        while not condition():
            await asyncio.sleep(0.001)

    await asyncio.wait_for(poll(), 5)


async def test_a_turn_alone_goes_through_without_even_suspending() -> None:
    gate, ran = CrisisGate(), []
    other = asyncio.create_task(asyncio.sleep(0))
    other.add_done_callback(lambda _: ran.append("other"))
    async with gate.turn(crisis=False):
        assert ran == []  # the other task never got the loop
    await other


async def test_normal_turns_run_one_stretch_at_a_time_in_the_order_they_asked() -> None:
    gate, log = CrisisGate(max_hold_seconds=FOREVER), []
    await asyncio.gather(*(normal_turn(gate, name, log, calls=1) for name in "abc"))
    # Each turn's stretch ends at its action call, and the next one's begins.
    assert log == ["a starts", "b starts", "c starts",
                   "a after call 0", "b after call 0", "c after call 0"]
    assert not gate.waiting


async def test_a_normal_turn_waits_while_a_crisis_is_in_flight_and_goes_on_after() -> None:
    gate, log, reply = CrisisGate(max_hold_seconds=FOREVER), [], asyncio.Event()
    crisis = asyncio.create_task(crisis_turn(gate, "crisis", log, reply))
    await until(lambda: gate.crises_in_flight == 1)
    normal = asyncio.create_task(normal_turn(gate, "normal", log))
    await asyncio.sleep(0.05)
    assert log == ["crisis starts"]  # the normal turn has not started its stretch
    reply.set()
    await asyncio.gather(crisis, normal)
    assert log == ["crisis starts", "crisis ends", "normal starts", "normal after call 0",
                   "normal after call 1"]


async def test_a_crisis_arriving_mid_turn_holds_the_turn_when_its_action_call_returns() -> None:
    gate, log, crisis_reply = CrisisGate(max_hold_seconds=FOREVER), [], asyncio.Event()
    calling_out, reply = asyncio.Event(), asyncio.Event()

    async def turn_with_a_slow_action() -> None:
        async with gate.turn(crisis=False):
            log.append("normal starts")
            async with gate.calling_out():
                calling_out.set()
                await reply.wait()  # out at the action server when the crisis arrives
            log.append("normal after its action")

    normal = asyncio.create_task(turn_with_a_slow_action())
    await calling_out.wait()
    crisis = asyncio.create_task(crisis_turn(gate, "crisis", log, crisis_reply))
    await until(lambda: gate.crises_in_flight == 1)
    reply.set()
    await asyncio.sleep(0.05)
    assert log == ["normal starts", "crisis starts"]
    crisis_reply.set()
    await asyncio.gather(crisis, normal)
    assert log[-2:] == ["crisis ends", "normal after its action"]


async def test_a_crisis_never_waits_for_another_crisis_or_for_a_running_turn() -> None:
    gate, log = CrisisGate(max_hold_seconds=FOREVER), []
    first_reply, second_reply = asyncio.Event(), asyncio.Event()
    first = asyncio.create_task(crisis_turn(gate, "first", log, first_reply))
    await until(lambda: gate.crises_in_flight == 1)
    held = asyncio.create_task(normal_turn(gate, "normal", log))
    await until(lambda: gate.waiting == 1)
    second = asyncio.create_task(crisis_turn(gate, "second", log, second_reply))
    await until(lambda: gate.crises_in_flight == 2)
    second_reply.set()
    await second  # ends while the first is still in flight
    assert log == ["first starts", "second starts", "second ends"]
    await asyncio.sleep(0.05)
    assert "normal starts" not in log  # still held: one crisis is in flight
    first_reply.set()
    await asyncio.gather(first, held)
    assert log[-3:] == ["normal starts", "normal after call 0", "normal after call 1"]


async def test_held_turns_go_on_in_the_order_they_were_held() -> None:
    gate, log, reply = CrisisGate(max_hold_seconds=FOREVER), [], asyncio.Event()
    crisis = asyncio.create_task(crisis_turn(gate, "crisis", log, reply))
    await until(lambda: gate.crises_in_flight == 1)
    normals = []
    for count, name in enumerate("abc", 1):
        normals.append(asyncio.create_task(normal_turn(gate, name, log, calls=0)))
        await until(lambda count=count: gate.waiting == count)
    reply.set()
    await asyncio.gather(crisis, *normals)
    assert log == ["crisis starts", "crisis ends", "a starts", "b starts", "c starts"]


async def test_a_turn_is_held_at_most_max_hold_in_total_however_often_it_asks() -> None:
    gate, log, never = CrisisGate(max_hold_seconds=0.1), [], asyncio.Event()
    crisis = asyncio.create_task(crisis_turn(gate, "crisis", log, never))
    await until(lambda: gate.crises_in_flight == 1)
    loop = asyncio.get_running_loop()
    started = loop.time()
    await normal_turn(gate, "normal", log, calls=5)
    held = loop.time() - started
    assert log[-1] == "normal after call 4"
    assert 0.09 <= held < 0.5  # one hold of 0.1 s, not one each time it asked
    crisis.cancel()
    with pytest.raises(asyncio.CancelledError):
        await crisis
    assert gate.crises_in_flight == 0


async def test_a_crisis_turn_that_fails_still_lets_the_others_go() -> None:
    gate, log, failing = CrisisGate(max_hold_seconds=FOREVER), [], asyncio.Event()

    async def crisis_that_fails() -> None:
        async with gate.turn(crisis=True):
            await failing.wait()
            raise RuntimeError("action server down")

    crisis = asyncio.create_task(crisis_that_fails())
    await until(lambda: gate.crises_in_flight == 1)
    normal = asyncio.create_task(normal_turn(gate, "normal", log))
    await until(lambda: gate.waiting == 1)
    failing.set()
    with pytest.raises(RuntimeError):
        await crisis
    await asyncio.wait_for(normal, 5)
    assert log[-1] == "normal after call 1"
    assert gate.crises_in_flight == 0


async def test_a_failed_action_call_gives_the_turn_its_place_back_to_go_on() -> None:
    gate, log = CrisisGate(max_hold_seconds=FOREVER), []

    async def turn_whose_call_fails() -> None:
        async with gate.turn(crisis=False):
            with pytest.raises(ConnectionError):
                async with gate.calling_out():
                    raise ConnectionError("action server down")
            log.append("went on with its place")
            assert _running(gate)

    await asyncio.wait_for(turn_whose_call_fails(), 1)
    assert log == ["went on with its place"]
    assert not _running(gate)


@pytest.mark.parametrize("when", ["waiting", "given the place, not yet running"])
async def test_a_cancelled_turn_leaves_nothing_behind(when: str) -> None:
    gate, log = CrisisGate(max_hold_seconds=FOREVER), []
    first_may_end = asyncio.Event()

    async def first_turn() -> None:
        async with gate.turn(crisis=False):
            await first_may_end.wait()

    first = asyncio.create_task(first_turn())
    await until(lambda: _running(gate))
    second = asyncio.create_task(normal_turn(gate, "second", log))
    await until(lambda: gate.waiting == 1)
    if when != "waiting":
        first_may_end.set()
        await first  # hands the place to the second, which has not run since
        assert _running(gate) and not gate.waiting
    second.cancel()  # the person's connection dropped
    with pytest.raises(asyncio.CancelledError):
        await second
    first_may_end.set()
    await first
    assert not gate.waiting and not _running(gate)
    await asyncio.wait_for(normal_turn(gate, "later", log), 1)
    assert log == ["later starts", "later after call 0", "later after call 1"]


async def test_outside_a_turn_nothing_waits() -> None:
    gate, reply = CrisisGate(max_hold_seconds=FOREVER), asyncio.Event()
    crisis = asyncio.create_task(crisis_turn(gate, "crisis", [], reply))
    await until(lambda: gate.crises_in_flight == 1)
    async with gate.calling_out():  # Rasa's HTTP API, a reminder
        pass
    reply.set()
    await crisis


def _running(gate: CrisisGate) -> bool:
    return gate._running


@pytest.mark.parametrize(
    ("text", "crisis"),
    [
        ("i want to kill myself tonight", True),
        ("how many paracetamol would it take", True),  # a question about means
        ("hello", False),
        ("can we do a breathing exercise", False),
        ("this traffic is killing me", False),
        ("/give_consent", False),  # a button's payload is not read
        ('/share_location{"latitude": 55.9, "longitude": -3.2}', False),
        ("", False),
        (None, False),
    ],
)
def test_what_counts_as_a_crisis_turn(text: str | None, crisis: bool) -> None:
    assert is_crisis_text(text) is crisis


def test_a_detector_failure_leaves_the_turn_as_it_was(monkeypatch) -> None:
    class Broken:
        def detect(self, text: str) -> Any:
            raise ValueError("broken pattern file")

    monkeypatch.setattr(crisis_priority, "get_detector", lambda: Broken())
    assert is_crisis_text("i have the rope ready for tonight") is False


async def test_through_rasa_s_processor_a_crisis_message_holds_another_turn(
    monkeypatch,
) -> None:
    """The patched Rasa methods, with stand-ins for what Rasa does inside them."""
    gate, log, crisis_reply = CrisisGate(max_hold_seconds=FOREVER), [], asyncio.Event()
    monkeypatch.setattr(crisis_priority, "GATE", gate)
    endpoint = EndpointConfig("http://actions.invalid/webhook")

    async def handle_message(self: MessageProcessor, message: UserMessage) -> List[str]:
        log.append(f"{message.text} starts")
        await endpoint.request(json={"text": message.text})
        log.append(f"{message.text} ends")
        return [f"answer to {message.text}"]

    async def request(self: EndpointConfig, json: dict) -> None:
        if json["text"].startswith("i want"):
            await crisis_reply.wait()  # the crisis answer's action server call

    monkeypatch.setattr(MessageProcessor, "handle_message",
                        crisis_priority._crisis_first(handle_message))
    monkeypatch.setattr(EndpointConfig, "request", crisis_priority._lets_others_run(request))
    processor = object.__new__(MessageProcessor)
    crisis = asyncio.create_task(processor.handle_message(UserMessage("i want to end my life")))
    await until(lambda: gate.crises_in_flight == 1)
    normal = asyncio.create_task(processor.handle_message(UserMessage("hello")))
    await asyncio.sleep(0.02)
    assert log == ["i want to end my life starts"]
    crisis_reply.set()
    assert await crisis == ["answer to i want to end my life"]
    assert await normal == ["answer to hello"]
    assert log == ["i want to end my life starts", "i want to end my life ends",
                   "hello starts", "hello ends"]


def test_install_and_uninstall_put_rasa_back_as_it_was() -> None:
    before = {(owner, name): getattr(owner, name)
              for owner, names in crisis_priority._ORIGINALS.items() for name in names}
    crisis_priority.install()
    crisis_priority.install()
    try:
        for (owner, name), original in before.items():
            assert getattr(owner, name).__wrapped__ is original
    finally:
        crisis_priority.uninstall()
    assert {key: getattr(*key) for key in before} == before


def test_the_rasa_launcher_installs_it(monkeypatch) -> None:
    from scripts import rasa_private

    monkeypatch.setattr(rasa_private.rasa_main, "main", lambda: None)
    monkeypatch.setattr(rasa_private.log_utils, "_anonymizer", rasa_private.log_utils._anonymizer)
    try:
        rasa_private.main()
        assert (MessageProcessor.handle_message
                is crisis_priority._PATCHES[MessageProcessor]["handle_message"])
    finally:
        for plugin in rasa_private.PLUGINS:
            plugin.uninstall()
