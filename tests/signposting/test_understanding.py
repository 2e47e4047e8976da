"""Topics and filters in the words people type, and how follow-ups change the slots."""

from __future__ import annotations

import pytest

from signposting.turns import slot_updates
from signposting.understanding import read_request


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        ("is there a group for carers in Fife", ("carers",)),
        ("anything for anxiety near Dundee", ("anxiety",)),
        ("AA meetings Glasgow", ("alcohol",)),
        ("my husband drinks too much", ("alcohol",)),
        ("my son is on drugs", ("drugs",)),
        ("I can't stop betting", ("gambling",)),
        ("feeling pure scunnered", ("depression",)),
        ("naebody to talk to", ("loneliness",)),
        ("lost my mum in the summer", ("bereavement",)),
        ("chronic pain and fibro", ("long_term_conditions",)),
        ("my daughter has anorexia", ("eating",)),
        ("hearing voices", ("psychosis_bipolar",)),
        ("trans and need support", ("lgbtq",)),
        ("is there anything for young people", ("young_people",)),
        ("a men's shed", ("mens_groups",)),
        ("in recovery and want to stay well", ("recovery",)),
        ("skint and behind on rent", ("money",)),
        ("I need to talk to someone tonight", ("general",)),
    ],
)
def test_topics(text, topics) -> None:
    assert read_request(text).topics == topics


def test_general_gives_way_to_a_specific_topic() -> None:
    assert read_request("someone to talk to about my drinking").topics == ("alcohol",)


def test_family_words_mark_worry_about_someone_else() -> None:
    assert read_request("my husband drinks too much").for_family
    assert not read_request("I drink too much").for_family
    assert not read_request("lost my mum").for_family  # bereavement is the person's own


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [("AA meetings Glasgow", "kinds", ("group",)),
     ("anything by text", "modes", ("text",)),
     ("what about online", "modes", ("online",)),
     ("face to face", "modes", ("in_person",)),
     ("I need to talk to someone tonight", "when", "tonight"),
     ("who's open now", "when", "now"),
     ("need someone the night", "when", "tonight")],
)
def test_filters(text, field, value) -> None:
    assert getattr(read_request(text), field) == value


def test_payloads_and_empty_text_are_not_read_as_words() -> None:
    assert read_request("/find_group").topics == ()
    assert read_request(None).place is None


CARERS_IN_FIFE = {"support_topic": "carers", "support_place": "area:fife"}


def message(text: str, intent: str = "find_group", entities=None) -> dict:
    return {"text": text, "intent": {"name": intent}, "entities": entities or []}


def test_a_full_request_fills_topic_and_place() -> None:
    updates = slot_updates(message("is there a group for carers in Fife"), {}, None)
    assert updates["support_topic"] == "carers" and updates["support_place"] == "area:fife"
    assert updates["support_kind"] == "group"


def test_what_about_online_keeps_the_topic() -> None:
    updates = slot_updates(message("what about online"), CARERS_IN_FIFE, None)
    assert "support_topic" not in updates
    assert updates["support_place"] == "online" and updates["support_mode"] == "online"


def test_any_in_perth_instead_keeps_the_topic_and_drops_online() -> None:
    slots = {**CARERS_IN_FIFE, "support_place": "online", "support_mode": "online"}
    updates = slot_updates(message("any in Perth instead"), slots, None)
    assert updates == {"support_place": "town:Perth", "support_mode": None}


def test_a_new_topic_starts_the_filters_afresh_but_keeps_the_place() -> None:
    slots = {**CARERS_IN_FIFE, "support_when": "now", "support_mode": "phone"}
    updates = slot_updates(message("what about gambling"), slots, None)
    assert updates["support_topic"] == "gambling"
    assert updates["support_when"] is None and updates["support_mode"] is None
    assert "support_place" not in updates


def test_the_groups_command_starts_from_scratch() -> None:
    updates = slot_updates(message("/find_group"), CARERS_IN_FIFE, None)
    assert updates["support_topic"] is None and updates["support_place"] is None


def test_buttons_fill_slots_from_their_payload() -> None:
    entities = [{"entity": "support_topic", "value": "loneliness"}]
    updates = slot_updates(message('/find_group{"support_topic": "loneliness"}',
                                   entities=entities), {}, "support_topic")
    assert updates == {"support_topic": "loneliness"}


def test_a_made_up_topic_in_a_payload_is_ignored() -> None:
    entities = [{"entity": "support_topic", "value": "knitting"}]
    updates = slot_updates(message('/find_group{"support_topic": "knitting"}',
                                   entities=entities), {}, None)
    assert updates == {}


def test_a_shared_location_keeps_only_the_nearest_town() -> None:
    entities = [{"entity": "latitude", "value": 56.4}, {"entity": "longitude", "value": -3.44}]
    updates = slot_updates(message("/share_location", "share_location", entities), {}, None)
    assert updates == {"support_place": "town:Perth", "support_located_town": "Perth"}


def test_near_me_after_a_shared_location_uses_that_town() -> None:
    updates = slot_updates(message("anything for anxiety near me"),
                           {"support_located_town": "Perth"}, None)
    assert updates["support_place"] == "town:Perth"


def test_near_me_without_a_location_leaves_the_place_to_ask_for() -> None:
    updates = slot_updates(message("anything for anxiety near me"), {}, None)
    assert "support_place" not in updates


@pytest.mark.parametrize(("reply", "intent"), [("dunno", "nlu_fallback"), ("naw", "deny"),
                                               ("near me", "find_group")])
def test_asked_once_an_empty_answer_means_anywhere(reply, intent) -> None:
    updates = slot_updates(message(reply, intent), {"support_topic": "anxiety"}, "support_place")
    assert updates["support_place"] == "anywhere"


def test_asked_once_an_empty_answer_means_any_topic() -> None:
    updates = slot_updates(message("not sure", "nlu_fallback"), {}, "support_topic")
    assert updates["support_topic"] == "general"


@pytest.mark.parametrize("intent", ["crisis", "ask_means", "stop", "show_menu"])
def test_crisis_stop_and_menu_never_fill_a_slot(intent) -> None:
    assert slot_updates(message("Fife", intent), {}, "support_place") == {}


def test_carrying_on_after_a_crisis_answer_restates_what_is_known() -> None:
    """The form resumes without being rejected and asks only for what is missing."""
    assert slot_updates(message("carry on", "carry_on"), CARERS_IN_FIFE,
                        "support_place") == CARERS_IN_FIFE
    assert slot_updates(message("carry on", "carry_on"), {}, "support_topic") == {
        "support_family": False}


@pytest.mark.parametrize(
    ("text", "place"),
    [("someone to talk to about my drinking tonight", "anywhere"),
     ("anything by text for anxiety", "anywhere"),
     ("gambling support by phone", "phone"),
     ("online groups for bipolar", "online")],
)
def test_a_time_or_a_remote_way_needs_no_place(text, place) -> None:
    assert slot_updates(message(text), {}, None)["support_place"] == place


def test_a_remote_way_keeps_a_place_already_given() -> None:
    assert "support_place" not in slot_updates(message("anything by text"), CARERS_IN_FIFE, None)
