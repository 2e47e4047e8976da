"""Crisis turns first inside one Rasa server.

A Rasa server runs every conversation in one asyncio event loop. A turn's CPU work
(tracker fetch, NLU parse, policy predictions, tracker save) runs in stretches
between its calls to the action server, and the loop runs whatever is ready in
arrival order. With 10 people at once several turns are ready at any moment, so a
crisis message waits behind all their stretches when it arrives and again after its
own action call: `make bench` on 3 December 2026 (quiet machine, load average 0.6)
measured a crisis p95 of 656 ms at 10 at once against the target of 150 ms (a crisis
turn alone takes about 50 ms).

`install()` puts every turn Rasa starts for a message (inside its conversation lock)
through one `CrisisGate`:

- a turn whose text the deterministic crisis detector reads as crisis language or a
  question about means (`safety.detector`, the one the NLU `CrisisOverride` uses)
  never waits, not even for another crisis turn;
- other turns run their CPU stretches one at a time, in the order they asked: a turn
  lets the next one go when it calls the action server, and asks again when the
  answer is back. Rasa's loop runs one stretch at a time anyway, so this costs no
  throughput; what it changes is that a crisis message arriving finds at most one
  stretch ahead of it instead of every turn in flight;
- while any crisis turn is in flight, no other turn starts a stretch;
- a turn waits at most `MAX_HOLD_SECONDS` in total, then goes on regardless, so
  nothing can be starved (a flood of crisis messages, a stretch that unexpectedly
  waits on I/O); a crisis turn lets the others go in `finally`, whatever happens to
  it, and a waiting turn keeps its conversation lock and goes on where it stopped.

Only turns started by a message are gated; Rasa's HTTP API (executing an action,
triggering an intent) and reminders go on as before. A crisis that only the classifier
recognises (no crisis words for the detector) is answered as a crisis, unprioritised.

Installed by the Rasa launcher (`scripts/rasa_private.py`); importing this module
changes nothing.
"""

from __future__ import annotations

import asyncio
import logging
import time
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, AsyncIterator, Awaitable, Callable, Dict

from rasa.core.channels.channel import UserMessage
from rasa.core.processor import MessageProcessor
from rasa.utils.endpoints import EndpointConfig

from safety.detector import get_detector

logger = logging.getLogger(__name__)

# The most the gate holds a turn back, in total. Far below bot/'s own fail-safe timeout
# (RASA_TIMEOUT_SECONDS, 8 s) and above the p99 of a turn at 10 at once (about 1 s), so
# it only acts when something is wrong: then the turn runs as it would without the gate.
MAX_HOLD_SECONDS = 2.0


def is_crisis_text(text: str | None) -> bool:
    """Whether the detector reads `text` as crisis language or a question about means.

    Payloads (`/intent{...}`: buttons, a shared location) are not read, as in the NLU
    component. A detector failure counts as not crisis: the turn then goes on
    unprioritised, and the NLU pipeline reads the text again.
    """
    if not text or text.startswith("/"):
        return False
    try:
        detection = get_detector().detect(text)
    except Exception:  # priority must never cost a turn its answer
        logger.exception("Crisis priority: the detector failed; the turn is not put first.")
        return False
    return detection.is_crisis or detection.means_question


@dataclass
class _Turn:
    """The turn this task runs: a crisis, or a normal turn with its place and its wait."""

    crisis: bool
    running: bool = False  # holds the one place for a normal turn's CPU stretch
    held_seconds: float = 0.0


_turn: ContextVar[_Turn | None] = ContextVar("crisis_priority_turn", default=None)


class CrisisGate:
    """One CPU stretch of a normal turn at a time, none while a crisis turn is in flight."""

    def __init__(self, max_hold_seconds: float = MAX_HOLD_SECONDS) -> None:
        self.max_hold_seconds = max_hold_seconds
        self._crises = 0
        self._running = False
        # Ordered: waiting turns get their place in the order they asked for it.
        self._waiting: Dict[asyncio.Future[bool], None] = {}

    @property
    def crises_in_flight(self) -> int:
        return self._crises

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    @asynccontextmanager
    async def turn(self, crisis: bool) -> AsyncIterator[None]:
        """One turn: a crisis turn goes straight on; a normal one takes its place first."""
        state = _Turn(crisis)
        token = _turn.set(state)
        if crisis:
            self._crises += 1
        try:
            if not crisis:
                await self._take_place(state)
            yield
        finally:
            _turn.reset(token)
            if crisis:
                self._crises -= 1
            else:
                self._leave_place(state)
            self._hand_on()

    @asynccontextmanager
    async def calling_out(self) -> AsyncIterator[None]:
        """Around an action server call: the next turn runs meanwhile; this one asks again."""
        state = _turn.get()
        if state is None or state.crisis:
            yield
            return
        self._leave_place(state)
        self._hand_on()
        cancelled = False
        try:
            yield
        except asyncio.CancelledError:
            cancelled = True  # the turn is ending: no place to ask for
            raise
        finally:
            if not cancelled:
                await self._take_place(state)

    async def _take_place(self, state: _Turn) -> None:
        if not self._crises and not self._running and not self._waiting:
            self._running = state.running = True
            return
        budget = self.max_hold_seconds - state.held_seconds
        if budget <= 0:
            return  # held long enough: go on without a place
        waiter: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._waiting[waiter] = None
        self._hand_on()
        started = time.monotonic()
        try:
            await asyncio.wait({waiter}, timeout=budget)
        finally:
            self._waiting.pop(waiter, None)
            state.held_seconds += time.monotonic() - started
            # Given the place, even at the moment of a timeout or a cancellation: it is
            # this turn's now, and `turn` gives it back whatever happens next.
            state.running = waiter.done()

    def _leave_place(self, state: _Turn) -> None:
        if state.running:
            state.running = self._running = False

    def _hand_on(self) -> None:
        """Gives the free place to the longest-waiting turn, unless a crisis is in flight."""
        if self._crises or self._running or not self._waiting:
            return
        waiter = next(iter(self._waiting))
        del self._waiting[waiter]
        self._running = True
        waiter.set_result(True)


GATE = CrisisGate()


def _crisis_first(original: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    """`MessageProcessor.handle_message` as one turn of the gate, crisis or not by its text."""

    async def handle_message(self: MessageProcessor, message: UserMessage) -> Any:
        async with GATE.turn(is_crisis_text(message.text)):
            return await original(self, message)

    handle_message.__wrapped__ = original  # type: ignore[attr-defined]
    return handle_message


def _lets_others_run(original: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    """`EndpointConfig.request` (every action server call) as a pause in the turn's stretch."""

    async def request(self: EndpointConfig, *args: Any, **kwargs: Any) -> Any:
        async with GATE.calling_out():
            return await original(self, *args, **kwargs)

    request.__wrapped__ = original  # type: ignore[attr-defined]
    return request


_ORIGINALS: Dict[Any, Dict[str, Any]] = {
    MessageProcessor: {"handle_message": MessageProcessor.handle_message},
    EndpointConfig: {"request": EndpointConfig.request},
}
_PATCHES = {
    MessageProcessor: {"handle_message": _crisis_first(MessageProcessor.handle_message)},
    EndpointConfig: {"request": _lets_others_run(EndpointConfig.request)},
}


def install() -> None:
    """Put crisis turns first in every Rasa server of this process (idempotent)."""
    for owner, patches in _PATCHES.items():
        for name, patch in patches.items():
            setattr(owner, name, patch)


def uninstall() -> None:
    """Rasa's own turn handling again (tests)."""
    for owner, originals in _ORIGINALS.items():
        for name, original in originals.items():
            setattr(owner, name, original)
