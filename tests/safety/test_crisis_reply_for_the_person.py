"""The crisis answer fits the person in front of it (issue 13, findings 1-4 and 9)."""

from datetime import datetime

import pytest

from common.clock import UK
from safety.crisis_reply import compose_contacts_list, compose_crisis_reply, compose_general_reply
from safety.kinds import CrisisKind as K

TUE_AFTERNOON = datetime(2026, 11, 24, 14, 0, tzinfo=UK)
SUN_AFTERNOON = datetime(2026, 11, 29, 14, 0, tzinfo=UK)
PROGRAM = "I'm a computer program, so I can't send help or see whether you're safe"
TAKEN = "If you've taken anything, call 999 or 111 now, even if you feel fine"


def everything(reply) -> str:
    return "\n\n".join(reply.messages)


def test_harm_from_others_never_gets_advice_for_helping_someone_else():
    # "my step dad hits my mum" is read as harm from others and as worry about someone
    reply = compose_crisis_reply([K.WORRY_ABOUT_SOMEONE, K.HARM_FROM_OTHERS], TUE_AFTERNOON)
    said = everything(reply)
    assert "stay with them" not in said
    assert "suicide" not in said
    assert "safer" in said
    assert reply.kind is K.HARM_FROM_OTHERS


def test_only_one_kind_gives_advice():
    reply = compose_crisis_reply([K.SUICIDAL_THOUGHTS, K.WORRY_ABOUT_SOMEONE], TUE_AFTERNOON)
    assert everything(reply).count("Ask them directly") == 1
    both = compose_crisis_reply([K.HARM_FROM_OTHERS, K.SELF_HARM], TUE_AFTERNOON)
    assert everything(both).count("press 55") == 1


@pytest.mark.parametrize("kinds", [[K.HARM_FROM_OTHERS], [K.SUICIDAL_THOUGHTS], [K.MEANS]])
def test_childline_comes_first_for_a_young_person(kinds):
    reply = compose_crisis_reply(kinds, TUE_AFTERNOON, young=True)
    assert reply.contact_ids[0] == "childline"
    said = everything(reply)
    assert said.index("0800 1111") < min(said.index(n) for n in ("116 123", "0800 027 1234")
                                         if n in said)
    assert said.index("999") < said.index("0800 1111")


def test_childline_is_not_pushed_first_for_adults():
    reply = compose_crisis_reply([K.HARM_FROM_OTHERS], TUE_AFTERNOON)
    assert reply.contact_ids[0] == "domestic_abuse_helpline"


@pytest.mark.parametrize("kind", list(K))
def test_every_answer_says_once_near_the_top_that_it_is_a_program(kind):
    reply = compose_crisis_reply([kind], TUE_AFTERNOON)
    assert PROGRAM in reply.messages[0]
    assert everything(reply).count("computer program") == 1
    assert "no one is watching this chat" in reply.messages[0]


def test_the_general_answer_says_it_too():
    assert PROGRAM in compose_general_reply(TUE_AFTERNOON).messages[0]


@pytest.mark.parametrize("kind", [K.MEANS, K.MEDICAL_EMERGENCY, K.SUICIDAL_THOUGHTS])
def test_medicines_get_call_999_or_111_even_if_you_feel_fine(kind):
    reply = compose_crisis_reply([kind], TUE_AFTERNOON, medicines=True)
    first = reply.messages[0]
    assert TAKEN in first
    assert first.index("999") < first.index(TAKEN) or first.startswith(TAKEN)
    assert "Open right now:" in everything(reply)


def test_the_means_answer_without_medicines_gives_999_and_who_is_open():
    reply = compose_crisis_reply([K.MEANS], TUE_AFTERNOON)
    assert "call 999" in reply.messages[0]
    assert TAKEN not in everything(reply)
    assert "116 123" in everything(reply)
    assert "not something I can help with" not in everything(reply)


def test_email_is_never_listed_as_open_right_now():
    for reply in (compose_crisis_reply([K.SUICIDAL_THOUGHTS], TUE_AFTERNOON),
                  compose_crisis_reply([K.HARM_FROM_OTHERS], TUE_AFTERNOON)):
        said = everything(reply)
        open_now = said.split("Open right now:")[1].split("Opening later:")[0].split(
            "If writing is easier")[0]
        assert "@" not in open_now
        assert "If writing is easier (a reply can take a while):" in said
    assert "jo@samaritans.org" in everything(
        compose_crisis_reply([K.SUICIDAL_THOUGHTS], TUE_AFTERNOON))
    listing = "\n\n".join(compose_contacts_list(TUE_AFTERNOON))
    assert "@" not in listing.split("Open now:")[1].split("If writing is easier")[0]


def test_sunday_daytime_says_which_day_it_closes():
    said = everything(compose_crisis_reply([K.SUICIDAL_THOUGHTS], SUN_AFTERNOON))
    assert "Breathing Space, open until 6am on Monday" in said


def test_a_close_later_tonight_needs_no_day_name():
    tue_night = datetime(2026, 11, 24, 23, 0, tzinfo=UK)
    said = everything(compose_crisis_reply([K.SUICIDAL_THOUGHTS], tue_night))
    assert "Breathing Space, open until 2am:" in said
