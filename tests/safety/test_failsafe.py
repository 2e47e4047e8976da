"""The failsafe answers every message while the dialogue engine is down, and never goes silent."""

import sys
import types
from dataclasses import dataclass
from datetime import datetime

import pytest

import safety.audit
import safety.failsafe
from common.clock import UK
from safety.contacts import load_contacts
from safety.failsafe import LAST_RESORT, failsafe_reply, sos_reply
from safety.kinds import CrisisKind as K

AT = datetime(2026, 11, 24, 14, 0, tzinfo=UK)


@dataclass(frozen=True)
class FakeDetection:
    is_crisis: bool = False
    kinds: tuple = ()
    means_question: bool = False
    discounted: str | None = None


class FakeDetector:
    def __init__(self, detection: FakeDetection | None = None, error: Exception | None = None):
        self.detection, self.error, self.seen = detection or FakeDetection(), error, []

    def detect(self, text: str) -> FakeDetection:
        self.seen.append(text)
        if self.error:
            raise self.error
        return self.detection


@pytest.fixture
def recorded(monkeypatch):
    calls = []
    monkeypatch.setattr(safety.audit, "record_crisis_answer", lambda *args: calls.append(args))
    return calls


def joined(messages) -> str:
    return "\n\n".join(messages)


def test_crisis_gets_the_crisis_answer_and_is_recorded(recorded):
    detector = FakeDetector(FakeDetection(is_crisis=True, kinds=(K.SUICIDAL_THOUGHTS,)))
    messages = failsafe_reply("some message", AT, detector=detector)
    assert detector.seen == ["some message"]
    assert "call 999" in messages[0]
    assert "116 123" in joined(messages) and "85258" in joined(messages)
    assert recorded == [(K.SUICIDAL_THOUGHTS, AT, "failsafe")]


def test_a_means_question_alone_gets_the_means_answer(recorded):
    detector = FakeDetector(FakeDetection(means_question=True))
    messages = failsafe_reply("a question", AT, detector=detector)
    assert "can't share anything" in messages[0]
    assert recorded == [(K.MEANS, AT, "failsafe")]


def test_several_kinds_are_all_answered(recorded):
    kinds = (K.HARM_FROM_OTHERS, K.SUICIDAL_THOUGHTS)
    detector = FakeDetector(FakeDetection(is_crisis=True, kinds=kinds))
    all_text = joined(failsafe_reply("x", AT, detector=detector))
    assert "0800 027 1234" in all_text and "116 123" in all_text


def test_an_ordinary_message_gets_an_apology_and_who_is_open(recorded):
    messages = failsafe_reply("hello there", AT, detector=FakeDetector())
    all_text = joined(messages)
    assert messages[0].startswith("I'm sorry, I'm having trouble answering just now.")
    for number in ("116 123", "SHOUT to 85258", "call 111", "call 999"):
        assert number in all_text
    assert recorded == []


@pytest.mark.parametrize("text", [None, "", "   "])
def test_no_text_gets_the_apology_without_a_safety_check(text, recorded):
    detector = FakeDetector(error=AssertionError("must not be called"))
    messages = failsafe_reply(text, AT, detector=detector)
    assert detector.seen == [] and "trouble answering" in messages[0]


def test_a_failing_safety_check_gets_the_crisis_style_answer(recorded, caplog):
    detector = FakeDetector(error=RuntimeError("model missing: secret words"))
    messages = failsafe_reply("secret words", AT, detector=detector)
    all_text = joined(messages)
    assert "trouble answering" in messages[0] and "call 999" in messages[0]
    assert "116 123" in all_text and "85258" in all_text
    assert "secret words" not in caplog.text


def test_the_shared_safety_check_is_used_by_default(monkeypatch, recorded):
    fake = types.ModuleType("safety.detector")
    detector = FakeDetector(FakeDetection(is_crisis=True, kinds=(K.SELF_HARM,)))
    fake.get_detector = lambda: detector
    monkeypatch.setitem(sys.modules, "safety.detector", fake)
    failsafe_reply("words", AT)
    assert detector.seen == ["words"] and recorded == [(K.SELF_HARM, AT, "failsafe")]


def test_a_missing_safety_check_module_still_gets_an_answer(monkeypatch, recorded):
    monkeypatch.setitem(sys.modules, "safety.detector", None)
    messages = failsafe_reply("words", AT)
    assert "call 999" in messages[0] and "116 123" in joined(messages)


def test_a_broken_audit_does_not_stop_the_answer(monkeypatch):
    def broken(*args):
        raise OSError("disk full")

    monkeypatch.setattr(safety.audit, "record_crisis_answer", broken)
    detector = FakeDetector(FakeDetection(is_crisis=True, kinds=(K.SELF_HARM,)))
    assert "call 999" in failsafe_reply("x", AT, detector=detector)[0]


def test_recording_can_be_turned_off(recorded):
    detector = FakeDetector(FakeDetection(is_crisis=True, kinds=(K.SELF_HARM,)))
    failsafe_reply("x", AT, detector=detector, record=False)
    sos_reply(AT, record=False)
    assert recorded == []


def test_when_composing_fails_the_last_resort_is_sent(monkeypatch, recorded):
    def broken(*args, **kwargs):
        raise FileNotFoundError("crisis_replies.yml")

    monkeypatch.setattr(safety.failsafe, "compose_crisis_reply", broken)
    monkeypatch.setattr(safety.failsafe, "compose_general_reply", broken)
    monkeypatch.setattr(safety.failsafe, "compose_failsafe_notice", broken)
    detector = FakeDetector(FakeDetection(is_crisis=True, kinds=(K.SELF_HARM,)))
    assert failsafe_reply("x", AT, detector=detector) == LAST_RESORT
    assert failsafe_reply("hello", AT, detector=FakeDetector()) == LAST_RESORT
    assert sos_reply(AT) == LAST_RESORT


def test_a_naive_time_still_gets_an_answer(recorded):
    naive = datetime(2026, 11, 24, 14, 0)
    assert failsafe_reply("hello", naive, detector=FakeDetector()) == LAST_RESORT


def test_the_last_resort_numbers_match_the_contacts_file():
    book = load_contacts()
    message = joined(LAST_RESORT)
    assert f"call {book.get('emergency_999').channel('call').value}." in message
    assert f"on {book.get('samaritans').channel('call').value}," in message
    shout = book.get("shout").channel("text")
    assert f"text {shout.keyword} to {shout.value}." in message
    assert all(len(m) <= 600 for m in LAST_RESORT)


def test_sos_gives_999_the_open_services_and_is_recorded(recorded):
    messages = sos_reply(AT)
    all_text = joined(messages)
    assert "call 999" in messages[0]
    for number in ("116 123", "85258", "call 111", "0800 1111"):
        assert number in all_text
    assert "Breathing Space, opens tonight at 6pm" in all_text
    assert recorded == [(K.SUICIDAL_THOUGHTS, AT, "sos")]
