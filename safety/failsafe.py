"""What the Telegram front end says when the dialogue engine cannot answer, and for /sos.

A crisis message must never meet silence because Rasa is down or restarting, so
this path needs only the detector and the data files, and falls back to a crisis
answer when even the detector fails. It records crisis answers in the audit
itself (source "failsafe" or "sos"), so callers must not record them again.
Nothing here logs what anyone wrote.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any, Callable, Protocol

from safety.audience import mentions_medicines, suggests_young_person
from safety.crisis_reply import (
    CrisisReply,
    PersonalPlan,
    compose_crisis_reply,
    compose_failsafe_notice,
    compose_general_reply,
)
from safety.kinds import CrisisKind

logger = logging.getLogger(__name__)

# The one place a number is written in code: used only if the data files cannot
# be read at all (a broken deployment), because saying nothing would be worse.
# tests/safety/test_failsafe.py checks these against data/contacts/crisis_contacts.yml.
LAST_RESORT: tuple[str, ...] = (
    "I'm sorry, I'm having trouble answering just now. If you're in danger right now, "
    "call 999. Samaritans are there any time on 116 123, or you can text SHOUT to 85258.",
)


class Detector(Protocol):
    """The part of safety.detector this module relies on."""

    def detect(self, text: str) -> Any: ...


def failsafe_reply(
    text: str | None,
    at: datetime,
    *,
    detector: Detector | None = None,
    plan: PersonalPlan | None = None,
    record: bool = True,
) -> tuple[str, ...]:
    """Messages to send while the dialogue engine is down.

    A crisis answer if the detector sees crisis or a question about means; a short
    apology with who is open now otherwise; the general crisis answer if the
    detector fails, since it is safer to over-answer than to miss a crisis.
    """
    if text is None or not text.strip():
        return _guarded(lambda: compose_failsafe_notice(at))
    try:
        kinds = _crisis_kinds((detector or _default_detector()).detect(text))
    except Exception as exc:  # noqa: BLE001 - any detector fault must still get an answer
        logger.error("crisis detector failed (%s); sending the general crisis answer",
                     type(exc).__name__)
        return _guarded(lambda: compose_general_reply(at, plan, unsure=True).messages)
    if kinds is None:
        return _guarded(lambda: compose_failsafe_notice(at))
    young, medicines = suggests_young_person(text), mentions_medicines(text)
    return _guarded(lambda: _recorded(
        compose_crisis_reply(kinds, at, plan, young=young, medicines=medicines),
        at, "failsafe", record))


def sos_reply(
    at: datetime, plan: PersonalPlan | None = None, *, record: bool = True
) -> tuple[str, ...]:
    """The answer to /sos: 999, who is open now and later, the person's plan, company."""
    return _guarded(lambda: _recorded(compose_general_reply(at, plan), at, "sos", record))


def _default_detector() -> Detector:
    # Imported here so the front end starts, and the fallback works, without it.
    from safety.detector import get_detector

    return get_detector()


def _crisis_kinds(detection: Any) -> tuple[CrisisKind, ...] | None:
    """The kinds to answer, or None when the message is not a crisis."""
    kinds = tuple(CrisisKind(k) for k in detection.kinds)
    if detection.means_question and CrisisKind.MEANS not in kinds:
        kinds += (CrisisKind.MEANS,)
    if detection.is_crisis or detection.means_question:
        return kinds
    return None


def _recorded(reply: CrisisReply, at: datetime, source: str, record: bool) -> tuple[str, ...]:
    if record:
        from safety.audit import record_crisis_answer_safely

        record_crisis_answer_safely(reply.kind, at, source)
    return reply.messages


def _guarded(build: Callable[[], tuple[str, ...]]) -> tuple[str, ...]:
    try:
        messages = build()
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        logger.error("failsafe reply could not be composed (%s); sending last resort",
                     type(exc).__name__)
        return LAST_RESORT
    return messages or LAST_RESORT
