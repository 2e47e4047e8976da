"""What one message means inside a run: a control, an answer, or typed words.

Kept apart from the flow so the reading of Rasa's intents and payloads can
change without touching the phases, and the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass

YES, NO = "yes", "no"
# One reply, read from the latest message: a control, an answer, or typed text.
NEXT_REPLY, SKIP_REPLY, PAUSE_REPLY, YES_REPLY, NO_REPLY, TEXT_REPLY, OTHER_TAP = (
    "next", "skip", "pause", "yes", "no", "text", "other_tap",
)


@dataclass(frozen=True)
class Reply:
    """What the person did: tapped a control, answered, or typed something.

    `value` is what they typed, or the option a tapped answer button carries.
    """

    kind: str
    value: str = ""


# Intents that mean a control, whether tapped or typed. Typed "next", "ok" or
# "aye" only count as controls where no words are wanted: on a write step they
# are the answer (see `flow._steps`).
_CONTROL_INTENTS = {
    "exercise_next": NEXT_REPLY, "carry_on": NEXT_REPLY, "exercise_resume": NEXT_REPLY,
    "skip": SKIP_REPLY, "exercise_pause": PAUSE_REPLY,
    "affirm": YES_REPLY, "deny": NO_REPLY,
}


def read_reply(intent: str | None, text: str | None, answer: str | None = None) -> Reply:
    """The reply in one user message, from its intent, text and any answer entity.

    Button payloads start with "/" (bot/ strips it from typed text), so a tap
    never becomes typed words, and typed words are kept as they were written.
    """
    text = (text or "").strip()
    tapped = text.startswith("/")
    if intent == "exercise_answer" and answer is not None:
        kind = {YES: YES_REPLY, NO: NO_REPLY}.get(answer, TEXT_REPLY)
        return Reply(kind, answer)
    if tapped and intent not in _CONTROL_INTENTS:
        # A button from an earlier message (say, another exercise): not an answer.
        return Reply(OTHER_TAP)
    kind = _CONTROL_INTENTS.get(intent or "", TEXT_REPLY)
    return Reply(kind, "" if tapped else text)
