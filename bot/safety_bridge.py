"""bot/'s own answers from the shared safety package: the fail-safe, /sos (and /privacy).

These are the answers that must work when Rasa is down, so they come straight
from ``safety.failsafe`` (which reads the same contacts file the actions use and
records each crisis answer in the audit itself, so nothing is recorded here).
The import is lazy so that a fault in that package shows up as an answer
from the last line below, never as a bot that cannot start or stays silent.

The functions here block (the detector is CPU work, the audit a database
write, and the first call loads spaCy, which takes seconds), so bot/ calls
them through `in_thread`, never on the event loop, and `warm_up` pays the
loading cost at start-up instead of during someone's crisis.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from datetime import datetime
from functools import partial

from personal.privacy import Retention, privacy_notice

_LOGGER = logging.getLogger(__name__)

# Only if safety.failsafe cannot even be imported (a broken deployment). It names
# no number: numbers live in the contacts file, and safety.failsafe has its own
# last resort for when that file cannot be read.
BROKEN_DEPLOYMENT_REPLY = (
    "I'm sorry, I'm having trouble answering just now. If you're in danger right now, "
    "please call the emergency services.",
)

# Button payloads that ask for people to talk to: while Rasa is down they get
# the /sos answer rather than the general apology.
CONTACT_PAYLOADS = frozenset({"/crisis", "/ask_contacts"})
PRIVACY_COMMAND = "privacy"

# One call at a time: the detector's spaCy objects are not documented as thread-safe.
_SAFETY_LOCK = threading.Lock()


def failsafe_messages(text: str | None, at: datetime) -> tuple[str, ...]:
    """What to send when Rasa cannot answer `text` (crisis contacts if it looks like crisis)."""
    try:
        from safety.failsafe import failsafe_reply

        with _SAFETY_LOCK:
            return failsafe_reply(text, at) or BROKEN_DEPLOYMENT_REPLY
    except Exception as exc:  # noqa: BLE001 - the person must get an answer regardless
        _LOGGER.error("fail-safe reply failed (%s)", type(exc).__name__)
        return BROKEN_DEPLOYMENT_REPLY


def sos_messages(at: datetime) -> tuple[str, ...]:
    """The answer to /sos and /crisis: who can be reached now, without Rasa."""
    try:
        from safety.failsafe import sos_reply

        with _SAFETY_LOCK:
            return sos_reply(at) or BROKEN_DEPLOYMENT_REPLY
    except Exception as exc:  # noqa: BLE001 - the person must get an answer regardless
        _LOGGER.error("sos reply failed (%s)", type(exc).__name__)
        return BROKEN_DEPLOYMENT_REPLY


def failsafe_for_payload(payload: str, at: datetime) -> tuple[str, ...]:
    """The fail-safe for a button press: contacts for the contact buttons, else the apology."""
    intent = payload.split("{", 1)[0].strip()
    if intent in CONTACT_PAYLOADS:
        return sos_messages(at)
    return failsafe_messages(None, at)


def privacy_messages(retention: Retention, at: datetime) -> tuple[str, ...]:
    """bot/'s own /privacy answer while Rasa is down: the same notice, from the same file."""
    try:
        return (privacy_notice(retention),)
    except Exception as exc:  # noqa: BLE001 - the person must get an answer regardless
        _LOGGER.error("privacy notice failed (%s)", type(exc).__name__)
        return failsafe_messages(None, at)


def command_failsafe(command: str, retention: Retention) -> Callable[[datetime], tuple[str, ...]]:
    """What a command Rasa answers gets when Rasa cannot: /privacy its notice, others the
    general fail-safe."""
    if command == PRIVACY_COMMAND:
        return partial(privacy_messages, retention)
    return partial(failsafe_messages, None)


def warm_up(at: datetime) -> None:
    """Load the detector and the data files now, without recording anything."""
    try:
        from safety.failsafe import failsafe_reply

        with _SAFETY_LOCK:
            failsafe_reply("hello", at, record=False)
    except Exception as exc:  # noqa: BLE001 - a failure here shows again, answered, later
        _LOGGER.error("could not load the fail-safe at start-up (%s)", type(exc).__name__)


async def in_thread(
    messages: Callable[[datetime], tuple[str, ...]], at: datetime
) -> tuple[str, ...]:
    """Run a fail-safe function off the event loop, so other people are not held up."""
    return await asyncio.to_thread(messages, at)
