"""The countdown's schedule, on a clock the test moves: no real seconds, no load sensitivity."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest

from bot.custom_payloads import Timer
from bot.pacing import run_timer


@dataclass
class RecordingChat:
    """Stands in for the Bot's two calls run_timer makes, recording when each came."""

    clock: list[float]
    sent: list[tuple[float, str]] = field(default_factory=list)
    edits: list[tuple[float, str]] = field(default_factory=list)

    async def send_message(self, _chat_id: int, text: str, _mode: str) -> SimpleNamespace:
        self.sent.append((self.clock[0], text))
        return SimpleNamespace(message_id=1)

    async def edit_message_text(self, text: str, *_args, **_kwargs) -> None:
        self.edits.append((self.clock[0], text))


async def _run(timer: Timer, *late: float) -> RecordingChat:
    """Run the countdown; the n-th sleep wakes `late[n]` seconds late (0 when not given)."""
    now, woken = [0.0], iter(late)

    async def sleep(seconds: float) -> None:
        now[0] += seconds + next(woken, 0.0)

    chat = RecordingChat(now)
    await run_timer(chat, 7, timer, sleep=sleep, clock=lambda: now[0])  # type: ignore[arg-type]
    return chat


async def test_counts_down_every_tick_then_says_done() -> None:
    chat = await _run(Timer("Breathe", seconds=10, tick=3, done_text="Well done"))
    assert chat.sent == [(0.0, "Breathe\n\n⏳ 10 seconds left")]
    assert chat.edits == [
        (3.0, "Breathe\n\n⏳ 7 seconds left"),
        (6.0, "Breathe\n\n⏳ 4 seconds left"),
        (9.0, "Breathe\n\n⏳ 1 second left"),
        (10.0, "Breathe\n\nWell done"),
    ]


async def test_a_late_wake_up_skips_a_tick_but_never_ends_early_or_twice() -> None:
    chat = await _run(Timer("Breathe", seconds=4, tick=3, done_text="Well done"), 1.5)
    assert [text for _, text in chat.edits] == ["Breathe\n\nWell done"]
    assert chat.edits[-1][0] >= 4


@pytest.mark.parametrize("late", [(), (0.2,), (0.8,), (0.99,), (1.5,), (0.5, 2.9), (3.5, 0.0)])
async def test_edits_never_come_closer_than_a_second_however_late_the_wake_up(late) -> None:
    chat = await _run(Timer("Breathe", seconds=4, tick=3, done_text="Well done"), *late)
    moments = [at for at, _ in chat.sent + chat.edits]
    assert all(b - a >= 1.0 for a, b in zip(moments, moments[1:], strict=False))
    assert chat.edits[-1] == (chat.edits[-1][0], "Breathe\n\nWell done")
    assert chat.edits[-1][0] >= 4

