"""The crisis answer: 999 first, what is open now, when the rest open, tailored and short."""

import copy
import itertools
import re
from datetime import datetime
from pathlib import Path

import pytest

from common.clock import UK
from safety.contacts import load_contacts
from safety.crisis_reply import (
    MAX_MESSAGE_CHARS,
    WORDING_PATH,
    PersonalPlan,
    WordingError,
    _clock,
    check_wording,
    compose_contacts_list,
    compose_crisis_reply,
    compose_general_reply,
    load_wording,
    order_kinds,
)
from safety.kinds import CrisisKind as K

TUE_AFTERNOON = datetime(2026, 11, 24, 14, 0, tzinfo=UK)
TUE_EVENING = datetime(2026, 11, 24, 20, 0, tzinfo=UK)
SAT_SMALL_HOURS = datetime(2026, 11, 28, 3, 0, tzinfo=UK)
MOMENTS = [TUE_AFTERNOON, TUE_EVENING, SAT_SMALL_HOURS, datetime(2026, 3, 29, 1, 30, tzinfo=UK)]
DANGER_KINDS = [K.MEDICAL_EMERGENCY, K.MEANS]
LIMIT = MAX_MESSAGE_CHARS

BOOK = load_contacts()


def text(reply) -> str:
    return "\n\n".join(reply.messages)


def number_of(contact_id: str) -> str:
    return next(c.value for c in BOOK.get(contact_id).channels if c.kind in ("call", "text"))


def first_sentence(message: str) -> str:
    return re.split(r"(?<=[.!?])\s", message, maxsplit=1)[0]


@pytest.mark.parametrize("kind", list(K))
def test_every_kind_gives_999_in_the_first_message(kind):
    reply = compose_crisis_reply([kind], TUE_AFTERNOON)
    assert "call 999" in reply.messages[0]
    all_text = text(reply)
    others = [number_of(c.id) for c in BOOK if c.id != "emergency_999"]
    others = [n for n in others if n in all_text]
    assert all(all_text.index("999") < all_text.index(n) for n in others)


@pytest.mark.parametrize("kind", DANGER_KINDS)
def test_999_leads_when_life_is_in_danger(kind):
    assert "999" in first_sentence(compose_crisis_reply([kind], TUE_AFTERNOON).messages[0])


def test_medical_emergency_is_999_then_111():
    reply = compose_crisis_reply([K.MEDICAL_EMERGENCY], TUE_AFTERNOON)
    assert reply.messages[0].startswith("Please call 999 now.")
    assert reply.contact_ids[0] == "nhs24_111"
    assert "Samaritans" not in text(reply)


def test_what_is_open_now_is_listed_with_text_options():
    reply = compose_crisis_reply([K.SUICIDAL_THOUGHTS], TUE_AFTERNOON)
    open_now = next(m for m in reply.messages if "Open right now:" in m).split("Opening later:")[0]
    for number in ("116 123", "111"):
        assert f"call {number}" in open_now
    assert "text SHOUT to 85258" in open_now
    assert "Breathing Space" not in open_now


def test_closed_services_say_when_they_open():
    reply = compose_crisis_reply([K.SUICIDAL_THOUGHTS], TUE_AFTERNOON)
    assert "Breathing Space, opens tonight at 6pm: call 0800 83 85 87" in text(reply)


def test_open_services_say_until_when():
    evening = text(compose_crisis_reply([K.SELF_HARM], TUE_EVENING))
    assert "Breathing Space, open until 2am" in evening
    weekend = text(compose_crisis_reply([K.SELF_HARM], SAT_SMALL_HOURS))
    assert "Breathing Space, open until 6am on Monday" in weekend


def test_harm_from_others_is_tailored():
    reply = compose_crisis_reply([K.HARM_FROM_OTHERS], TUE_AFTERNOON)
    all_text = text(reply)
    assert "dial 999 then press 55" in reply.messages[0]
    assert "call 0800 027 1234" in all_text
    assert "Childline: call 0800 1111" in all_text and "under 19" in all_text
    assert "Rape Crisis Scotland helpline, opens tonight at 6pm" in all_text
    assert "Samaritans" not in all_text
    evening = text(compose_crisis_reply([K.HARM_FROM_OTHERS], TUE_EVENING))
    assert "Rape Crisis Scotland helpline, open until midnight: call 08088 01 03 02" in evening


def test_worry_about_someone_gets_advice_for_helping():
    reply = compose_crisis_reply([K.WORRY_ABOUT_SOMEONE], TUE_AFTERNOON)
    advice = reply.messages[0]
    for phrase in ("stay with them", "Ask them directly", "Listen", "get in touch"):
        assert phrase in advice
    assert "If they're in danger right now, call 999" in advice
    assert {"samaritans", "shout", "nhs24_111"} <= set(reply.contact_ids)


@pytest.mark.parametrize("kind", [K.SUICIDAL_THOUGHTS, K.SELF_HARM, K.MEANS])
def test_suicide_self_harm_and_means_get_the_listening_services(kind):
    reply = compose_crisis_reply([kind], TUE_EVENING)
    assert reply.contact_ids == ("samaritans", "shout", "breathing_space", "nhs24_111")
    assert "0800 027 1234" not in text(reply)


def test_means_answer_gives_no_information_and_stays_warm():
    opening = compose_crisis_reply([K.MEANS], TUE_AFTERNOON).messages[0]
    assert "can't share anything" in opening and "care about what happens to you" in opening


def test_several_kinds_lead_with_the_most_urgent_and_repeat_nothing():
    reply = compose_crisis_reply([K.WORRY_ABOUT_SOMEONE, K.MEDICAL_EMERGENCY], TUE_AFTERNOON)
    assert reply.kind is K.MEDICAL_EMERGENCY
    assert reply.messages[0].startswith("Please call 999 now.")
    assert "Ask them directly" in text(reply)
    assert len(reply.contact_ids) == len(set(reply.contact_ids))
    all_text = text(reply)
    for contact_id in reply.contact_ids:
        assert all_text.count(number_of(contact_id)) == 1


def test_kinds_are_ordered_by_urgency_and_strings_are_accepted():
    ordered = order_kinds(["worry_about_someone", K.MEANS, K.MEANS])
    assert ordered == (K.MEANS, K.WORRY_ABOUT_SOMEONE)
    assert compose_crisis_reply(["self_harm"], TUE_AFTERNOON).kind is K.SELF_HARM


def test_no_kinds_gives_the_general_answer():
    reply = compose_crisis_reply([], TUE_AFTERNOON)
    assert reply.kind is K.SUICIDAL_THOUGHTS
    assert reply.messages == compose_general_reply(TUE_AFTERNOON).messages


def test_the_plan_is_offered_when_there_is_one():
    plan = PersonalPlan(what_helps=["a walk by the river", "my playlist"], contacts=["Mum"])
    reply = compose_crisis_reply([K.SUICIDAL_THOUGHTS], TUE_AFTERNOON, plan)
    assert "You said these help: a walk by the river, my playlist." in text(reply)
    assert "People you can reach: Mum." in text(reply)
    for no_plan in (None, PersonalPlan(), PersonalPlan(what_helps=["  "])):
        reply = compose_crisis_reply([K.SUICIDAL_THOUGHTS], TUE_AFTERNOON, no_plan)
        assert "your own plan" not in text(reply)


def test_it_offers_to_keep_talking():
    for kind in K:
        assert "keep talking" in compose_crisis_reply([kind], TUE_AFTERNOON).messages[-1]


def test_a_long_plan_is_shortened():
    plan = PersonalPlan(what_helps=["x" * 500] * 10, contacts=["y" * 500] * 10)
    reply = compose_crisis_reply([K.SELF_HARM], TUE_AFTERNOON, plan)
    assert all(len(m) <= LIMIT for m in reply.messages)
    assert "…" in text(reply)


ALL_COMBINATIONS = [list(c) for n in (1, 2, 3, 6) for c in itertools.combinations(K, n)]


@pytest.mark.parametrize("at", MOMENTS)
def test_no_message_is_too_long_or_formatted(at):
    plan = PersonalPlan(what_helps=["a" * 80] * 5, contacts=["b" * 80] * 5)
    for kinds in ALL_COMBINATIONS:
        for reply in (compose_crisis_reply(kinds, at), compose_crisis_reply(kinds, at, plan)):
            assert reply.messages and all(0 < len(m) <= LIMIT for m in reply.messages), kinds
            assert not re.search(r"[<>*_`{}\[\]]", text(reply)), kinds


@pytest.mark.parametrize("at", MOMENTS)
def test_every_number_comes_from_the_contacts_file(at):
    words = sorted([c.note for c in BOOK] + [c.name for c in BOOK], key=len, reverse=True)
    values = {ch.value for c in BOOK for ch in c.channels}
    replies = [compose_crisis_reply(kinds, at) for kinds in ALL_COMBINATIONS]
    replies.append(compose_general_reply(at))
    for reply in replies:
        all_text = text(reply)
        for phrase in words:  # names and notes, e.g. "NHS 24" or "16 or over"
            all_text = all_text.replace(phrase, "")
        for number in re.findall(r"\d[\d ]*\d|\d", all_text):
            assert number in values or re.fullmatch(r"\d{1,2}", number), number
        for value in sorted(values, key=len, reverse=True):
            all_text = all_text.replace(value, "")
        all_text = re.sub(r"\b\d{1,2}(:\d\d)?(am|pm)\b", "", all_text)
        assert not re.search(r"\d", all_text), all_text


def test_the_wording_file_holds_no_numbers_or_hours():
    wording = Path(WORDING_PATH).read_text(encoding="utf-8")
    wording = re.sub(r"\{[a-z0-9_.]+\}", "", wording)
    for contact in BOOK:
        wording = wording.replace(contact.id, "")
    assert not re.search(r"\d", wording)


def test_times_are_said_the_way_people_say_them():
    words = load_wording()["times"]
    cases = {(18, 0): "6pm", (18, 30): "6:30pm", (0, 0): "midnight", (12, 0): "midday",
             (2, 0): "2am", (12, 30): "12:30pm"}
    for (hour, minute), expected in cases.items():
        assert _clock(datetime(2026, 1, 1, hour, minute).time(), words) == expected


def test_wording_naming_a_missing_contact_is_refused():
    wording = copy.deepcopy(load_wording())
    wording["kinds"]["self_harm"]["contacts"].append("no_such_line")
    with pytest.raises(WordingError, match="no_such_line"):
        check_wording(wording, BOOK)


def test_wording_offering_an_unsuited_contact_is_refused():
    wording = copy.deepcopy(load_wording())
    wording["kinds"]["medical_emergency"]["contacts"].append("rape_crisis_scotland")
    with pytest.raises(WordingError, match="does not serve"):
        check_wording(wording, BOOK)


def test_wording_with_a_bad_placeholder_is_refused():
    wording = copy.deepcopy(load_wording())
    wording["kinds"]["self_harm"]["advice"] = "Call {samaritans.fax}"
    with pytest.raises(WordingError, match="placeholder"):
        check_wording(wording, BOOK)


def test_an_opening_without_999_is_refused():
    wording = copy.deepcopy(load_wording())
    wording["kinds"]["self_harm"]["opening"] = "Thank you for telling me."
    with pytest.raises(WordingError, match="emergency_999"):
        check_wording(wording, BOOK)


def test_a_malformed_wording_file_is_refused(tmp_path):
    path = tmp_path / "replies.yml"
    path.write_text("priority: []\n", encoding="utf-8")
    with pytest.raises(WordingError, match="must be a non-empty list"):
        load_wording(path)


def test_contacts_list_is_gentle_and_complete():
    messages = compose_contacts_list(TUE_AFTERNOON)
    all_text = "\n\n".join(messages)
    assert messages[0].startswith("Talking to someone can really help")
    assert "Open now:" in all_text and "Opening later:" in all_text
    assert "Breathing Space, opens tonight at 6pm" in all_text
    assert "NHS inform" in all_text and "see their website for opening times" in all_text
    assert "Open now:" in all_text.split("NHS inform")[0]
    assert messages[-1].endswith("call 999.")
    assert all(len(m) <= LIMIT for m in messages)
