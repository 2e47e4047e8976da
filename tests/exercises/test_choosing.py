"""Needs, in the words people type across the UK and Scotland, find fitting exercises."""

from __future__ import annotations

import pytest

from exercises import library
from exercises.choosing import THEME_LABELS, choose, named, need_tags, suggest
from exercises.model import TAGS


def ids(need: object, limit: int = 3) -> list[str]:
    return [exercise.id for exercise in suggest(need, limit=limit)]


@pytest.mark.parametrize(
    ("need", "first"),
    [
        ("calm down", "paced_breathing"),
        ("I need to calm down", "paced_breathing"),
        ("can't sleep", "sleep_wind_down"),
        ("cannae sleep", "sleep_wind_down"),
        ("cant sleep again", "sleep_wind_down"),
        ("keep worrying", "worry_time"),
        ("I'm worried sick about money", "worry_time"),
        ("no motivation", "behavioural_activation"),
        ("cannae be bothered with anything", "behavioural_activation"),
        ("can't be arsed", "behavioural_activation"),
        ("cravings", "urge_surfing"),
        ("really want a smoke", "urge_surfing"),
        ("fancy a drink the night", "urge_surfing"),
        ("pain", "pacing_energy"),
        ("tired all the time", "pacing_energy"),
        ("totally wabbit", "pacing_energy"),
        ("knackered", "pacing_energy"),
        ("my long covid", "pacing_energy"),
        ("I feel useless", "self_compassion"),
        ("I'm so hard on myself", "self_compassion"),
        ("scunnered and fed up", "behavioural_activation"),
    ],
)
def test_a_need_finds_its_main_exercise_first(need: str, first: str) -> None:
    assert ids(need)[0] == first


@pytest.mark.parametrize(
    ("need", "expected"),
    [
        ("panicking", {"paced_breathing", "grounding_54321"}),
        ("heart going like the clappers", {"paced_breathing", "grounding_54321"}),
        ("heid's mince", {"worry_time", "problem_solving"}),
        ("head's spinning, can't switch off", {"worry_time"}),
        ("stressed oot", {"muscle_relaxation", "problem_solving"}),
        ("lying awake at 3am", {"sleep_wind_down", "muscle_relaxation"}),
        ("feeling really down", {"behavioural_activation", "thought_record"}),
        ("pure raging", {"thought_record"}),
        ("my back is sore", {"pacing_energy"}),
        ("I'm rubbish at everything", {"noticing_strengths", "self_compassion"}),
    ],
)
def test_uk_phrasing_reaches_relevant_exercises(need: str, expected: set[str]) -> None:
    assert expected <= set(ids(need))


@pytest.mark.parametrize(
    ("need", "tag"),
    [
        ("cannae sleep", "sleep"),
        ("heid\u2019s mince", "worry"),
        ("cannae be bothered", "motivation"),
        ("scunnered", "low_mood"),
        ("knackered", "fatigue"),
        ("wabbit", "fatigue"),
        ("beelin", "anger"),
        ("panicking", "panic"),
        ("sleep", "sleep"),
        ("long term condition", "long_term_condition"),
        ("my anxiety's rotten this week", "anxiety"),
    ],
)
def test_need_tags(need: str, tag: str) -> None:
    assert need_tags(need)[0] == tag


@pytest.mark.parametrize("need", ["hello", "what's the weather", "my flat is freezing", ""])
def test_nothing_matching_gives_nothing(need: str) -> None:
    assert suggest(need) == []


def test_tags_instead_of_words() -> None:
    assert ids(["cravings"]) == ["urge_surfing"]
    assert ids(("sleep",))[0] == "sleep_wind_down"
    assert ids(["not_a_tag"]) == []


def test_limit() -> None:
    assert len(suggest("stressed and anxious", limit=1)) == 1
    assert len(suggest("stressed and anxious", limit=5)) == 5
    assert suggest("stressed", limit=0) == []


def test_the_same_words_always_give_the_same_order() -> None:
    needs = ["calm down", "cannae sleep", "tired all the time", "stressed oot"]
    first = [ids(need, limit=12) for need in needs]
    assert first == [ids(need, limit=12) for need in needs]


def test_every_exercise_can_be_suggested() -> None:
    reachable = set()
    for exercise in library.all_exercises():
        reachable.update(ids(list(exercise.helps_with), limit=12))
    assert reachable == {exercise.id for exercise in library.all_exercises()}


def test_every_tag_has_a_button_label_that_fits_two_to_a_row() -> None:
    assert set(THEME_LABELS) == set(TAGS)
    assert all(0 < len(label) <= 16 for label in THEME_LABELS.values())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the breathing one again", "paced_breathing"),
        ("lets do the 5-4-3-2-1 thing", "grounding_54321"),
        ("the muscle relaxation one", "muscle_relaxation"),
        ("start a thought record", "thought_record"),
        ("lets plan one small thing", "behavioural_activation"),
        ("the problem solving one", "problem_solving"),
        ("do the worry tree", "worry_time"),
        ("i want the sleep wind down", "sleep_wind_down"),
        ("the self-compassion pause", "self_compassion"),
        ("help me quieten my inner critic", "self_compassion"),
        ("i need to cut myself some slack", "self_compassion"),
        ("how do i stop comparing myself to my pals", "self_compassion"),
        ("i called myself thick in front of everyone", "self_compassion"),
        ("how can i be nice to me for a change", "self_compassion"),
        ("noticing strengths", "noticing_strengths"),
        ("the pacing one please", "pacing_energy"),
        ("urge surfing again", "urge_surfing"),
        ("start that one", None),
        ("the breathing one or the grounding one", None),
    ],
)
def test_an_exercise_named_in_everyday_words(text: str, expected: str | None) -> None:
    found = named(text)
    assert (found.id if found else None) == expected


@pytest.mark.parametrize(
    ("text", "offered"),
    [
        ("the breathing one or the grounding one", ["paced_breathing", "grounding_54321"]),
        ("overdid it with my ME again, now I cannae get off the settee",
         ["behavioural_activation", "pacing_energy"]),
    ],
)
def test_words_naming_two_exercises_offer_those_two(text: str, offered: list[str]) -> None:
    assert [exercise.id for exercise in choose(text)] == offered


@pytest.mark.parametrize("text", [
    "two months sober and the pub is calling me",
    "itching to put a tenner on at the bookies",
    "want to go on the slots again",
    "off the booze since march and it's hard the night",
])
def test_drink_and_betting_in_everyday_words_are_cravings(text: str) -> None:
    assert choose(text)[0].id == "urge_surfing"
